/** A clock that stands still until told to move, so timestamps in tests are exact. */
export function testClock(start = '2026-03-02T15:00:00.000Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = new Date(iso).getTime();
    },
  };
}
