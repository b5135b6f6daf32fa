import { useEffect, useId, useRef, useState } from 'react';
import type { SafetyWarning } from '../../../shared/rules/safety';

/**
 * Signing cannot be undone, so it is confirmed in a modal — Enter signs, Escape backs out. A
 * warning that needs an override (shared/rules/safety.ts) is shown here with a reason to write;
 * the reason is kept on the signed note.
 */
export function SignDialog({
  what,
  signer,
  overrides = [],
  onSign,
  onCancel,
}: {
  what: string;
  signer: string;
  overrides?: SafetyWarning[];
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
  const sign = () => {
    if (overrides.length === 0) return onSign(null);
    if (!reason.trim()) return setError('Override reason is required to sign over this warning');
    onSign(reason.trim());
  };
  return (
    <dialog ref={ref} className="sign-dialog" aria-labelledby="sign-title" onCancel={onCancel}>
      <h2 id="sign-title">Sign this {what}?</h2>
      <p>
        You are signing as <strong>{signer}</strong>. A signed {what} can never be changed; later corrections are added as addenda beneath it.
      </p>
      {overrides.length > 0 ? (
        <div className="field">
          <ul className="safety-warnings">
            {overrides.map((w) => (
              <li key={w.kind} className="safety-warning safety-warning-override">
                <strong>{w.title}</strong>
                <span className="flag-rule">{w.rule}</span>
              </li>
            ))}
          </ul>
          <label htmlFor={reasonId}>Reason to sign anyway (kept on the signed note)</label>
          <textarea
            id={reasonId}
            name="overrideReason"
            rows={3}
            autoFocus
            value={reason}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${reasonId}-error` : undefined}
            onChange={(e) => (setReason(e.target.value), setError(''))}
          />
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
