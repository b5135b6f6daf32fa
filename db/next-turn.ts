/**
 * A turn of the event loop: long work in the database process (a verification, Review's morning,
 * the month's superbills, the code set's parse) awaits it between two steps, so the calls' answers
 * waiting behind the work are handled first.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
