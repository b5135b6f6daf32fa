import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import { groupAuditEntries } from '../../shared/audit-groups';

let id = 100;
/** An entry in the log's words: `mara view review` at a minute of the morning. */
function entry(text: string, minute: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  const [who = '', action = '', entity = '', entityId] = text.split(' ');
  const providerId = who === 'mara' ? 1 : who === 'jon' ? 2 : null;
  return {
    id: id--,
    at: `2026-12-06T10:${String(minute).padStart(2, '0')}:00Z`,
    actor: who,
    providerId,
    providerName: who,
    action,
    entity,
    entityId: entityId === undefined ? null : Number(entityId),
    patientId: null,
    patientName: null,
    detail: null,
    ...extra,
  };
}

/** Each line as `count × who action entity`, newest first. */
const lines = (entries: AuditEntry[]) =>
  groupAuditEntries(entries).map((g) => `${g.entries.length}× ${g.first.actor} ${g.first.action} ${g.first.entity}${g.first.entityId ?? ''}`);

describe('grouping the audit log’s runs of looks', () => {
  it.each([
    ['nothing', [], []],
    ['one look', [entry('mara view review', 9)], ['1× mara view review']],
    [
      'three looks at Review by one person',
      [entry('mara view review', 9), entry('mara view review', 5), entry('mara view review', 1)],
      ['3× mara view review'],
    ],
    // A change breaks the run: the looks either side are two lines.
    [
      'looks around a change',
      [entry('mara view review', 9), entry('mara update visit 4', 7), entry('mara view review', 5), entry('mara view review', 1)],
      ['1× mara view review', '1× mara update visit4', '2× mara view review'],
    ],
    [
      'two people looking',
      [entry('mara view review', 9), entry('jon view review', 8), entry('mara view review', 7)],
      ['1× mara view review', '1× jon view review', '1× mara view review'],
    ],
    [
      'looks at two visits',
      [entry('mara view visit 4', 9), entry('mara view visit 5', 8), entry('mara view visit 5', 7)],
      ['1× mara view visit4', '2× mara view visit5'],
    ],
    // Changes are never folded, however alike.
    ['the same change twice', [entry('mara update visit 4', 9), entry('mara update visit 4', 8)], ['1× mara update visit4', '1× mara update visit4']],
    ['searches for the same words', [entry('mara search notes', 9), entry('mara search notes', 8)], ['2× mara search notes']],
    // A screen that looks at two things each time it opens: each thing is one line.
    [
      'Review and its unsigned notes, opened three times',
      [
        entry('mara view review', 9),
        entry('mara view unsigned-notes', 9),
        entry('mara view review', 5),
        entry('mara view unsigned-notes', 5),
        entry('mara view review', 1),
        entry('mara view unsigned-notes', 1),
      ],
      ['3× mara view review', '3× mara view unsigned-notes'],
    ],
  ] as const)('%s', (_what, entries, expected) => expect(lines([...entries])).toEqual(expected));

  it('keeps what differs in the detail apart, and says the span of a run', () => {
    const run = [
      entry('mara view review', 40, { detail: '28 cases shown' }),
      entry('mara view review', 20, { detail: '28 cases shown' }),
      entry('mara view review', 2, { detail: '28 cases shown' }),
      entry('mara view review', 1, { detail: '27 cases shown' }),
    ];
    const groups = groupAuditEntries(run);
    expect(groups.map((g) => g.entries.length)).toEqual([3, 1]);
    expect(groups[0]).toMatchObject({ from: '2026-12-06T10:02:00Z', to: '2026-12-06T10:40:00Z' });
    expect(groups[0]!.entries.map((e) => e.at)).toEqual(run.slice(0, 3).map((e) => e.at));
  });
});
