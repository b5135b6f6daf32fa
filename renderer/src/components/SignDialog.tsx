import { useEffect, useId, useRef, useState } from 'react';
import type { SafetyWarning } from '../../../shared/rules/safety';

/** Ends a sentence after a name: "Mara Quinn, L.Ac." takes no second period. */
export function endSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Signing cannot be undone, so it is confirmed in a modal — Enter signs (Ctrl+Enter from the
 * reason), Escape backs out. Every warning on the note is listed here, since the modal hides the
 * chart's; one that needs an override (shared/rules/safety.ts) asks for a reason, kept on the
 * signed note.
 */
export function SignDialog({
  what,
  signer,
  warnings = [],
  onSign,
  onCancel,
}: {
  what: string;
  signer: string;
  /** Every warning on the note; those that need an override ask for a reason. */
  warnings?: SafetyWarning[];
  onSign: (overrideReason: string | null) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    // Whatever had focus (Sign, or the field where Ctrl+Enter was pressed) gets it back when the
    // dialog goes, rather than the page body.
    const before = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) requestAnimationFrame(() => before.focus());
    };
  }, []);
  const overrides = warnings.filter((w) => w.needsOverride);
  const sign = () => {
    if (overrides.length === 0) return onSign(null);
    if (!reason.trim()) return setError('Override reason is required to sign over this warning');
    onSign(reason.trim());
  };
  return (
    <dialog
      ref={ref}
      className="sign-dialog"
      aria-labelledby="sign-title"
      onCancel={onCancel}
      onKeyDown={(e) => {
        // Ctrl+Enter signs from anywhere in the dialog, the reason box included (where Enter is a new line).
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
          e.preventDefault();
          e.stopPropagation();
          sign();
        }
      }}
    >
      <h2 id="sign-title">Sign this {what}?</h2>
      <p>
        You are signing as <strong>{signer}</strong>
        {endSentence(signer).slice(signer.length)} A signed {what} can never be changed; later corrections are added as addenda beneath it.
      </p>
      {warnings.length > 0 ? (
        <div className="sign-warnings">
          <h3>
            {warnings.length === 1 ? 'One warning' : `${warnings.length} warnings`} on this {what}
          </h3>
          <ul className="safety-warnings" aria-label="Warnings on this note">
            {warnings.map((w) => (
              <li key={w.kind + w.title} className={w.needsOverride ? 'safety-warning safety-warning-override' : 'safety-warning'} data-warning={w.kind}>
                <strong>{w.title}</strong>
                <span className="flag-rule">{w.rule}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {overrides.length > 0 ? (
        <div className="field">
          <label htmlFor={reasonId}>Reason to sign anyway (kept on the signed note)</label>
          <textarea
            id={reasonId}
            name="overrideReason"
            rows={3}
            autoFocus
            value={reason}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${reasonId}-error ${reasonId}-hint` : `${reasonId}-hint`}
            onChange={(e) => (setReason(e.target.value), setError(''))}
          />
          <p className="field-hint" id={`${reasonId}-hint`}>
            Ctrl+Enter signs
          </p>
          {error ? (
            <p className="field-error" id={`${reasonId}-error`} data-field-error="overrideReason">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-primary" autoFocus={overrides.length === 0} onClick={sign}>
          Sign as {signer}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
