import { useState } from 'react';
import { PAYMENT_METHOD_LABEL, type FeeScheduleEntry, type VisitBilling } from '../../../shared/billing';
import { api } from '../api';
import { ReadStatus } from './ReadFailed';
import { useFeeSchedule, useStartFrom, useVisitBilling } from '../reads';
import { answerKnown } from '../query';
import { formatDate, formatMoney } from '../format';
import { useLeaveGuard } from '../route';
import { savePdf } from '../save-file';
import { PaymentForm } from './PaymentForm';

const NO_FEES: FeeScheduleEntry[] = [];

interface LineValues {
  code: string;
  units: string;
  modifiers: string;
  pointers: string[];
  fee: string;
}

const toValues = (b: VisitBilling['lines'][number] | (VisitBilling['suggestions'][number] & { feeCents: number })): LineValues => ({
  code: b.code,
  units: String(b.units),
  modifiers: b.modifiers.join(', '),
  pointers: [...b.pointers],
  fee: (b.feeCents / 100).toFixed(2),
});

/**
 * Billing for a signed visit: the lines the chart supports (each with its rule), editable before
 * saving, then payments and the superbill. Not part of the signed note, so it stays editable.
 */
export function BillingPanel({ visitId }: { visitId: number }) {
  const read = useVisitBilling(visitId);
  const feeRead = useFeeSchedule();
  const fees = feeRead.value ?? NO_FEES;
  // The lines as last read or saved, which the typed lines are told apart from.
  const [started, setStarted] = useState<VisitBilling | null>(null);
  const billing = read.value ?? started;
  const [lines, setLines] = useState<LineValues[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);

  // Edits not yet saved: said beside the button and in the totals, and leaving asks first.
  const dirty = started !== null && JSON.stringify(lines) !== JSON.stringify(started.lines.map(toValues));
  useLeaveGuard(dirty);
  // Another seat's lines show while none are being edited here; a payment shows at once either way.
  useStartFrom(
    read.value,
    (b) => {
      setStarted(b);
      setLines(b.lines.map(toValues));
    },
    dirty,
  );

  if (!billing) return <ReadStatus what="the visit's billing" read={read} />;
  const feeOf = (code: string) => fees.find((f) => f.code === code.trim().toUpperCase());
  const set = (i: number, change: Partial<LineValues>) => setLines((ls) => ls.map((l, j) => (i === j ? { ...l, ...change } : l)));

  async function save(values: LineValues[] = lines) {
    const o = await api.saveVisitBilling({
      visitId,
      lines: values.map((l) => ({
        code: l.code,
        units: Number(l.units),
        modifiers: l.modifiers.split(/[\s,]+/).filter(Boolean),
        pointers: l.pointers,
        fee: l.fee,
      })),
    });
    if (!o.ok) {
      setErrors(o.error.fields);
      setStatus(`Not saved: ${o.error.message}`);
      return;
    }
    setErrors({});
    answerKnown('getVisitBilling', { visitId }, o.value);
    setStatus('Billing saved');
    setStarted(o.value);
    setLines(o.value.lines.map(toValues));
  }

  async function superbill() {
    const o = await api.superbill({ patientId: billing!.patientId, from: billing!.dateOfService, to: billing!.dateOfService, visitId });
    if (o.ok) savePdf(o.value);
    else setStatus(o.error.message);
  }

  const letters = billing.diagnoses.map((d) => d.pointer);
  return (
    <section className="billing" aria-label="Billing">
      <h2>Billing</h2>
      <ReadStatus what="the visit's billing" read={read} />
      {feeRead.failure ? <ReadStatus what="the fee schedule" read={feeRead} /> : null}
      {billing.suggestions.length ? (
        <div className="suggestions-box">
          <h3>Suggested from the chart</h3>
          <ul>
            {billing.suggestions.map((s) => (
              <li key={s.code}>
                <span className="mono strong">{s.code}</span> × {s.units} · {formatMoney(s.feeCents * s.units)} — <span className="muted">{s.rule}</span>
              </li>
            ))}
            {billing.notes.map((n) => (
              <li key={n} className="muted">
                {n}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setLines(billing.suggestions.map(toValues))}>
            Use suggested lines
          </button>
        </div>
      ) : (
        <p className="muted">{billing.notes[0] ?? 'Nothing charted that maps to an acupuncture or dry-needling code.'}</p>
      )}
      <datalist id="fee-codes">
        {fees.map((f) => (
          <option key={f.code} value={f.code}>
            {f.description}
          </option>
        ))}
      </datalist>
      <table className="rows billing-lines">
        <thead>
          <tr>
            <th>Code</th>
            <th>Units</th>
            <th>Modifiers</th>
            <th>Diagnosis pointers</th>
            <th>Fee / unit</th>
            <th>Charge</th>
            <th>
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} data-line={l.code}>
              <td>
                <input
                  className="w-sm mono"
                  list="fee-codes"
                  aria-label={`Line ${i + 1} code`}
                  name={`lines.${i}.code`}
                  value={l.code}
                  onChange={(e) => {
                    // A billed line keeps the fee it was billed at: retyping its own code brings that
                    // fee back, never today's schedule. Only a different code is priced from the schedule.
                    const code = e.target.value;
                    const billed = billing.lines[i];
                    const fee =
                      billed && billed.code === code.trim().toUpperCase()
                        ? (billed.feeCents / 100).toFixed(2)
                        : feeOf(code)
                          ? (feeOf(code)!.feeCents / 100).toFixed(2)
                          : undefined;
                    set(i, { code, ...(fee !== undefined ? { fee } : {}) });
                  }}
                />
                <div className="muted small">{feeOf(l.code)?.description}</div>
                {errors[`lines.${i}.code`] ? (
                  <p className="field-error" role="alert">
                    {errors[`lines.${i}.code`]}
                  </p>
                ) : null}
                {billing.warnings
                  .filter((w) => w.line === i && billing.lines[i]?.code === l.code)
                  .map((w) => (
                    <p key={w.addModifier} className="field-warning">
                      {w.message}{' '}
                      <button
                        type="button"
                        className="button-quiet"
                        onClick={() =>
                          void save(lines.map((x, j) => (j === i ? { ...x, modifiers: [x.modifiers, w.addModifier].filter(Boolean).join(', ') } : x)))
                        }
                      >
                        Add {w.addModifier} and save
                      </button>
                    </p>
                  ))}
              </td>
              <td>
                <input className="w-xs" aria-label={`Line ${i + 1} units`} value={l.units} onChange={(e) => set(i, { units: e.target.value })} />
                {errors[`lines.${i}.units`] ? <p className="field-error">{errors[`lines.${i}.units`]}</p> : null}
              </td>
              <td>
                <input
                  className="w-sm"
                  aria-label={`Line ${i + 1} modifiers`}
                  // A placeholder that looks like a code reads as one applied: say what goes here instead.
                  placeholder="none"
                  value={l.modifiers}
                  onChange={(e) => set(i, { modifiers: e.target.value })}
                />
                {errors[`lines.${i}.modifiers.0`] ? <p className="field-error">{errors[`lines.${i}.modifiers.0`]}</p> : null}
              </td>
              <td>
                {letters.map((p) => (
                  <label key={p} className="check pointer" title={billing.diagnoses.find((d) => d.pointer === p)?.code}>
                    <input
                      type="checkbox"
                      checked={l.pointers.includes(p)}
                      onChange={(e) => set(i, { pointers: e.target.checked ? [...l.pointers, p].sort() : l.pointers.filter((x) => x !== p) })}
                    />{' '}
                    {p}
                  </label>
                ))}
                {errors[`lines.${i}.pointers`] ? <p className="field-error">{errors[`lines.${i}.pointers`]}</p> : null}
                {billing.lines[i]?.code === l.code && billing.lines[i]!.diagnoses.length ? (
                  <div className="muted small">Billed against {billing.lines[i]!.diagnoses.map((d) => d.code).join(', ')}</div>
                ) : null}
              </td>
              <td>
                <input className="w-sm" aria-label={`Line ${i + 1} fee`} value={l.fee} onChange={(e) => set(i, { fee: e.target.value })} />
                {errors[`lines.${i}.fee`] ? <p className="field-error">{errors[`lines.${i}.fee`]}</p> : null}
                {billing.lines[i] && billing.lines[i]!.code === l.code && (billing.lines[i]!.feeCents / 100).toFixed(2) !== l.fee ? (
                  <div className="muted small">Billed at {formatMoney(billing.lines[i]!.feeCents)}</div>
                ) : null}
              </td>
              <td className="num">{formatMoney(lineCharge(l))}</td>
              <td>
                <button
                  type="button"
                  className="button-quiet"
                  aria-label={`Remove line ${i + 1}`}
                  onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Diagnoses:{' '}
        {billing.diagnoses.map((d) => `${d.pointer} ${d.code} ${d.description}`).join(' · ') || 'none on the case — add ICD-10 codes to the case first'}
      </p>
      <div className="form-actions">
        <button type="button" onClick={() => setLines((ls) => [...ls, { code: '', units: '1', modifiers: '', pointers: letters.slice(0, 1), fee: '' }])}>
          Add line
        </button>
        <button type="button" className="button-primary" onClick={() => void save(lines)}>
          Save billing
        </button>
        {status?.startsWith('Not saved') ? (
          <p className="form-status form-status-error" role="status">
            {status}
          </p>
        ) : dirty ? (
          <p className="form-status" role="status">
            Unsaved changes
          </p>
        ) : status ? (
          <p className="form-status form-status-ok" role="status">
            {status}
          </p>
        ) : null}
      </div>

      <div className="totals" aria-label="Visit totals">
        {dirty ? (
          <>
            <span>
              Charged {formatMoney(unsavedCharge(lines))} once saved (now {formatMoney(billing.totals.charged)})
            </span>
            <span>Paid {formatMoney(billing.totals.paid)}</span>
            <strong>Balance {formatMoney(unsavedCharge(lines) - billing.totals.paid)} once saved</strong>
          </>
        ) : (
          <>
            <span>Charged {formatMoney(billing.totals.charged)}</span>
            <span>Paid {formatMoney(billing.totals.paid)}</span>
            <strong>Balance {formatMoney(billing.totals.balance)}</strong>
          </>
        )}
      </div>
      <h3>Payments for this visit</h3>
      {billing.payments.length ? (
        <ul className="payments">
          {billing.payments.map((p) => (
            <li key={p.id}>
              {formatDate(p.paidOn)} · {PAYMENT_METHOD_LABEL[p.method]} · {formatMoney(p.amountCents)}
              {p.reference ? ` · ${p.reference}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No payments yet.</p>
      )}
      {/* Keyed by the balance so the amount starts at what is now due. */}
      <PaymentForm
        key={billing.totals.balance}
        patientId={billing.patientId}
        visitId={visitId}
        suggested={billing.totals.balance > 0 ? (billing.totals.balance / 100).toFixed(2) : ''}
        onSaved={read.retry}
      />
      <div className="form-actions">
        <button type="button" onClick={() => void superbill()} disabled={billing.lines.length === 0}>
          Superbill for this visit (PDF)
        </button>
      </div>
    </section>
  );
}

/** What a line as typed would charge, in cents; 0 while its fee or units are not numbers yet. */
function lineCharge(l: LineValues): number {
  return Math.round(Number(l.fee) * 100) * (Number(l.units) || 0) || 0;
}

function unsavedCharge(lines: readonly LineValues[]): number {
  return lines.reduce((sum, l) => sum + lineCharge(l), 0);
}
