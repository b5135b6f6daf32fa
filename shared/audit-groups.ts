import type { AuditEntry } from './audit';

/**
 * The audit log as it is read: a practitioner's own looks come in runs — Review opened after every
 * visit writes "view · review · 28 cases shown" (and "view · unsigned notes" beside it) each time —
 * which drown the changes. Within a run of looks by one person, with no change and no one else
 * between them, identical looks (same action, record, patient and detail) are one line with how
 * many and over what span, placed where the newest of them was; the changes, and every look that
 * differs, stand alone. Nothing is dropped: a line holds its entries, newest first, for the screen
 * to open.
 */
export const LOOK_ACTIONS: ReadonlySet<string> = new Set(['view', 'search']);

export interface AuditGroup {
  /** The newest entry of the run: the one the line shows. */
  first: AuditEntry;
  /** Every entry of the run, newest first (one for an entry that stands alone). */
  entries: AuditEntry[];
  /** The span the run covers: the oldest entry's time to the newest's. */
  from: string;
  to: string;
}

const person = (e: AuditEntry) => `${e.actor}|${e.providerId ?? ''}`;
const lookKey = (e: AuditEntry) => JSON.stringify([e.action, e.entity, e.entityId, e.patientId, e.detail]);

/** Entries newest first, as the log lists them, into lines. */
export function groupAuditEntries(entries: readonly AuditEntry[]): AuditGroup[] {
  const groups: AuditGroup[] = [];
  // The run of looks going on: whose it is, and its lines by what was looked at.
  let run: { who: string; lines: Map<string, AuditGroup> } | null = null;
  for (const e of entries) {
    if (!LOOK_ACTIONS.has(e.action)) {
      run = null;
      groups.push({ first: e, entries: [e], from: e.at, to: e.at });
      continue;
    }
    if (run?.who !== person(e)) run = { who: person(e), lines: new Map() };
    const line = run.lines.get(lookKey(e));
    if (line) {
      line.entries.push(e);
      line.from = e.at;
    } else {
      const group = { first: e, entries: [e], from: e.at, to: e.at };
      run.lines.set(lookKey(e), group);
      groups.push(group);
    }
  }
  return groups;
}
