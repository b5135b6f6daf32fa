/**
 * What Review can be filtered and sorted by: plain lists, apart from the query's schema
 * (shared/review.ts), so the window's first screen reads them without loading the schema library.
 */
export const REVIEW_FILTERS = ['all', 'reassessment_due', 'not_improving', 'race_soon'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];
export const REVIEW_SORTS = ['patient', 'condition', 'phase', 'sessions', 'nextReassessment', 'change', 'flags', 'nextRace'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
