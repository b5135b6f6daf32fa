import { useState } from 'react';
import { TcmFields, type TcmValues } from './TcmFields';

/**
 * Whether a practitioner keeps the TCM findings open on a draft. A view preference, not part of
 * any record: kept in this window's storage under the practitioner's id, so each of a clinic's
 * practitioners finds the chart as they left it.
 */
const KEY = (providerId: number) => `needlebook.chart.tcmOpen.${providerId}`;

function remembered(providerId: number): boolean {
  try {
    return localStorage.getItem(KEY(providerId)) === 'open';
  } catch {
    return false;
  }
}

function remember(providerId: number, open: boolean): void {
  try {
    localStorage.setItem(KEY(providerId), open ? 'open' : 'closed');
  } catch {
    // Storage refused (a locked-down profile): the section still opens and closes, for this visit only.
  }
}

/** What is charted, for the closed section's one line. */
function findingsLine(v: TcmValues): string {
  const pulse = Object.values(v.pulse).filter((p) => p.trim()).length;
  return [
    v.tongueBody && `tongue ${v.tongueBody}${v.coatingColour ? `, ${v.coatingColour} coat` : ''}`,
    (v.pulseRate || pulse) && `pulse${v.pulseRate ? ` ${v.pulseRate} bpm` : ''}${pulse ? `, ${pulse} position${pulse === 1 ? '' : 's'}` : ''}`,
    v.patterns.length && v.patterns.join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Tongue, pulse and pattern, folded to one line until opened, so the treatment entry is on the
 * first screen of a draft at 1280×720. Open or closed is remembered per practitioner; a finding
 * with an error opens it.
 */
export function TcmSection({
  providerId,
  values,
  errors,
  onChange,
}: {
  providerId: number;
  values: TcmValues;
  errors: Record<string, string>;
  onChange: (next: TcmValues) => void;
}) {
  const [open, setOpen] = useState(() => remembered(providerId));
  const [forProvider, setForProvider] = useState(providerId);
  if (forProvider !== providerId) {
    // Another practitioner chosen on the draft: their own preference.
    setForProvider(providerId);
    setOpen(remembered(providerId));
  }
  const hasError = Object.keys(errors).some((k) => k.startsWith('tcm.'));
  const line = findingsLine(values);
  return (
    <details
      className="tcm-section"
      open={open || hasError}
      onToggle={(e) => {
        const now = e.currentTarget.open;
        // Opened by an error, not by the practitioner: nothing to remember.
        if (now === open || hasError) return;
        setOpen(now);
        remember(providerId, now);
      }}
    >
      <summary>
        <span className="strong">TCM findings</span> <span className="muted">{line || 'tongue, pulse, pattern — none charted yet'}</span>
      </summary>
      <TcmFields idPrefix="visit-tcm" values={values} errors={errors} onChange={onChange} />
    </details>
  );
}
