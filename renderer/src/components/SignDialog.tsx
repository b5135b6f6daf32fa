import { useEffect, useRef } from 'react';

/** Signing cannot be undone, so it is confirmed in a modal — Enter signs, Escape backs out. */
export function SignDialog({ what, signer, onSign, onCancel }: { what: string; signer: string; onSign: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="sign-dialog" aria-labelledby="sign-title" onCancel={onCancel}>
      <h2 id="sign-title">Sign this {what}?</h2>
      <p>
        You are signing as <strong>{signer}</strong>. A signed {what} can never be changed; later corrections are added as addenda beneath it.
      </p>
      <div className="form-actions">
        <button type="button" className="button-primary" autoFocus onClick={onSign}>
          Sign as {signer}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
