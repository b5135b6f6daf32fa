/** A note left unsigned longer than this is shown as overdue: notes are signed the day they are written. */
export const STALE_DRAFT_HOURS = 24;
