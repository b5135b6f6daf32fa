import type { ReadFailure } from '../query';

/**
 * A read that did not answer, the same on every screen: what was being read, the message, and a
 * way to ask again. Shown in place of the screen before its first answer, or above what it still
 * shows from the last one.
 */
export function ReadFailed({ what, failure, retry }: { what: string; failure: ReadFailure; retry: () => void }) {
  return (
    <div className="notice read-failed" role="alert" data-read-failed={what}>
      <p>
        Could not read {what}: {failure.message}
      </p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

/** The first answer on its way, the same on every screen. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/**
 * What a screen shows until its record is in: loading, or the failure with a retry — or, once
 * it is, a failed later read above the screen (null when there is nothing to say).
 */
export function ReadStatus({ what, read }: { what: string; read: { loading: boolean; failure: ReadFailure | null; retry: () => void } }) {
  if (read.failure) return <ReadFailed what={what} failure={read.failure} retry={read.retry} />;
  if (read.loading) return <Loading what={what} />;
  return null;
}
