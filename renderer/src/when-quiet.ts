import { queryClient } from './query';

/** Answers the page is waiting for through `api` (renderer/src/api.ts counts them here). */
let awaited = 0;
/** When an answer was last on its way or came back, or the read cache last changed (the page's clock). */
let lastBusy = Number.NEGATIVE_INFINITY;

export function callStarted(): void {
  awaited++;
  lastBusy = performance.now();
}
export function callEnded(): void {
  awaited--;
  lastBusy = performance.now();
}
// A read starting, ending or landing in the cache: the screens' reads go through the query layer.
queryClient.getQueryCache().subscribe(() => {
  lastBusy = performance.now();
});

/**
 * How long the page must have had nothing on its way before what can wait starts. After a sign-in
 * answer the screen's own reads start a few frames later, and the page is idle in between: started
 * there, the other screens' code (17 chunks) was parsed while Review's rows were on their way and
 * being drawn (the cold start, issue 38).
 */
export const QUIET_MS = 300;

/**
 * Runs `work` once nothing has been on its way for QUIET_MS, or after `latest` ms whatever happens:
 * what can wait (the other screens' code) is not parsed while the first screen's answers are on
 * their way and being drawn.
 */
export function whenQuiet(work: () => void, latest = 5000): () => void {
  const deadline = performance.now() + latest;
  let handle = 0;
  const attempt = () => {
    const now = performance.now();
    if (awaited > 0 || queryClient.isFetching() > 0) lastBusy = now;
    if (now - lastBusy >= QUIET_MS || now >= deadline) work();
    else handle = requestIdleCallback(attempt, { timeout: 250 });
  };
  handle = requestIdleCallback(attempt, { timeout: 250 });
  return () => cancelIdleCallback(handle);
}

/** Each of `loads` started once the one before has landed (or failed) and the page is next idle. */
export function oneAtATime(loads: readonly (() => Promise<unknown>)[]): void {
  const queue = [...loads];
  const next = () => {
    const load = queue.shift();
    if (load) void load().then(ahead, ahead);
  };
  const ahead = () => void requestIdleCallback(next, { timeout: 1000 });
  next();
}
