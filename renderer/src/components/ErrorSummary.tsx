import { useEffect, useRef } from 'react';
import type { FormStatus } from './useForm';

/** Moves focus to a field by the contract's path (its `name`), scrolled to the middle of the screen. */
function focusField(scope: ParentNode, path: string): boolean {
  const field = scope.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`);
  if (!field) return false;
  field.scrollIntoView({ block: 'center' });
  field.focus();
  return true;
}

/**
 * What stopped a save, at the top of the form: one line per field (each moves to its field), or the
 * message alone when no field is to blame. On every failed save the first field in error is
 * scrolled into view and focused; with none, the summary itself is — focus never stays on a button
 * that seemed to do nothing.
 */
export function ErrorSummary({ status, errors }: { status: FormStatus; errors: Record<string, string> }) {
  const box = useRef<HTMLDivElement>(null);
  const failed = status.kind === 'error';

  useEffect(() => {
    if (status.kind !== 'error') return;
    const form = box.current?.closest('form') ?? document;
    const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = first ?? box.current;
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
    // A new object on every failed save, so each attempt moves focus again.
  }, [status]);

  if (!failed) return null;
  const entries = Object.entries(errors);
  return (
    <div ref={box} className="error-summary" role="alert" tabIndex={-1}>
      <strong>
        Not saved: {entries.length === 0 ? status.message : entries.length === 1 ? 'one field needs attention' : `${entries.length} fields need attention`}
      </strong>
      {entries.length ? (
        <ul>
          {entries.map(([path, message]) => (
            <li key={path}>
              <button type="button" className="link-button" onClick={(e) => focusField(e.currentTarget.closest('form') ?? document, path)}>
                {message}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
