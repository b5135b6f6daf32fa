import { describe, expect, it } from 'vitest';
import type { Patient, PatientPage, PatientRow } from '../../shared/patient';
import { errorOf, testDb, valueOf, type TestDb } from '../support/db';
import { fillNameParts } from '../../db/queries/patients';

const runner = {
  firstName: 'Ana',
  lastName: 'Reyes',
  dateOfBirth: '1990-04-02',
  sex: 'female',
  email: 'ana@example.com',
  insurancePayer: 'Regence BlueCross',
  insuranceMemberId: 'RBC0042',
  primarySport: 'Road running',
  weeklyVolume: '64',
  volumeUnit: 'km',
  longRun: 24,
  trainingPhase: 'peak',
  races: [
    { name: 'Portland Marathon', date: '2026-10-04', distance: 'Marathon' },
    { name: 'Shamrock Run', date: '2026-03-15', distance: '15K' },
  ],
};

describe('patients', () => {
  it('create with sport profile and races, read back, update races in place', async () => {
    const { call, db, clock } = await testDb();
    const created = valueOf(await call('savePatient', runner)) as Patient;
    expect(created).toMatchObject({ id: 1, weeklyVolume: 64, longRun: 24, trainingPhase: 'peak', archivedAt: null });
    expect(created.races.map((r) => r.name)).toEqual(['Shamrock Run', 'Portland Marathon']);

    clock.advance(1000);
    const [shamrock, portland] = created.races;
    const updated = valueOf(
      await call('savePatient', {
        ...runner,
        id: created.id,
        races: [
          { ...portland, date: '2026-10-11' },
          { name: 'Hood to Coast', date: '2026-08-28', distance: 'Relay' },
        ],
      }),
    ) as Patient;
    expect(updated.races.map((r) => [r.name, r.date])).toEqual([
      ['Hood to Coast', '2026-08-28'],
      ['Portland Marathon', '2026-10-11'],
    ]);
    expect(updated.races.find((r) => r.name === 'Portland Marathon')!.id).toBe(portland!.id);
    expect(await db.get('SELECT count(*) AS n FROM race WHERE id = ?', [shamrock!.id])).toEqual({ n: 0 });
    expect(await db.get("SELECT detail FROM audit_log WHERE action = 'update'")).toEqual({ detail: 'races' });
  });

  it.each([
    [{ dateOfBirth: '1990-02-30' }, 'dateOfBirth', 'Date of birth must be a real date (YYYY-MM-DD)'],
    [{ firstName: '  ' }, 'firstName', 'First name is required'],
    [{ sex: 'robot' }, 'sex', 'Sex must be female, male, intersex or unknown'],
    [{ sex: '' }, 'sex', 'Sex is required'],
    [{ weeklyVolume: 'lots' }, 'weeklyVolume', 'Weekly volume must be a number'],
    [{ longRun: 80 }, 'longRun', 'Long run cannot be longer than the weekly volume'],
    [{ email: 'ana@' }, 'email', 'E-mail must look like name@example.com'],
    [{ races: [{ name: 'Boston', date: 'April', distance: 'Marathon' }] }, 'races.0.date', 'Race date must be a real date (YYYY-MM-DD)'],
  ])('refuses %j with the field named', async (change, field, message) => {
    const { call, db } = await testDb();
    const error = errorOf(await call('savePatient', { ...runner, ...change }));
    expect(error.fields[field]).toBe(message);
    expect(await db.get('SELECT count(*) AS n FROM patient')).toEqual({ n: 0 });
    expect(await db.get('SELECT count(*) AS n FROM race')).toEqual({ n: 0 });
  });

  it('refuses a race id that belongs to another patient, and rolls the whole save back', async () => {
    const { call, db } = await testDb();
    const other = valueOf(await call('savePatient', runner)) as Patient;
    const error = errorOf(await call('savePatient', { ...runner, firstName: 'Ben', races: [{ ...other.races[0], name: 'Stolen' }] }));
    expect(error.fields['races.0.name']).toMatch(/not one of this patient/);
    expect(await db.get('SELECT count(*) AS n FROM patient')).toEqual({ n: 1 });
    expect(await db.get("SELECT count(*) AS n FROM race WHERE name = 'Stolen'")).toEqual({ n: 0 });
  });

  it('archive hides from the list, restores, and a patient row can never be deleted', async () => {
    const { call, db } = await testDb();
    const p = valueOf(await call('savePatient', runner)) as Patient;
    valueOf(await call('setPatientArchived', { id: p.id, archived: true }));
    expect((valueOf(await call('listPatients', {})) as PatientPage).total).toBe(0);
    expect((valueOf(await call('listPatients', { includeArchived: true })) as PatientPage).rows[0]).toMatchObject({ archived: true });
    expect(errorOf(await call('savePatient', { ...runner, id: p.id })).code).toBe('conflict');
    valueOf(await call('setPatientArchived', { id: p.id, archived: false }));
    expect((valueOf(await call('listPatients', {})) as PatientPage).total).toBe(1);
    await expect(db.run('DELETE FROM patient WHERE id = ?', [p.id])).rejects.toThrow(/archived, never deleted/);
    expect((await db.all('SELECT action FROM audit_log ORDER BY id')).map((r) => (r as { action: string }).action)).toEqual(['create', 'archive', 'restore']);
  });

  it('keeps the audit log append-only', async () => {
    const { call, db } = await testDb();
    valueOf(await call('savePatient', runner));
    await expect(db.run("UPDATE audit_log SET actor = 'someone'")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('answers not_found for a missing patient', async () => {
    const { call } = await testDb();
    expect(errorOf(await call('getPatient', { id: 99 }))).toMatchObject({ code: 'not_found', message: 'Patient 99 does not exist' });
  });
});

describe('patient list (keyset pages)', () => {
  const names = ['Reyes', 'reyes', 'Okafor', 'Lindqvist', 'Nguyen', 'Abara', 'Zimmer', 'Moreau', 'Okafor', 'Brandt', 'Castellanos'];

  async function seeded() {
    const t = await testDb();
    for (const [i, lastName] of names.entries()) {
      t.clock.advance(1000);
      valueOf(
        await t.call('savePatient', {
          ...runner,
          firstName: ['Ana', 'Ben', 'Cleo', 'Dev'][i % 4],
          lastName,
          dateOfBirth: `19${70 + (i % 3)}-0${1 + (i % 9)}-1${i % 9}`,
          races:
            i === 2
              ? [
                  { name: 'Past 10K', date: '2025-05-01', distance: '10K' },
                  { name: 'Boston', date: '2026-04-20', distance: 'Marathon' },
                ]
              : [],
        }),
      );
    }
    return t;
  }

  const walk = async (call: TestDb['call'], query: object) => {
    const seen: PatientRow[] = [];
    let page = valueOf(await call('listPatients', { ...query, limit: 3 })) as PatientPage;
    seen.push(...page.rows);
    while (page.next) {
      page = valueOf(await call('listPatients', { ...query, limit: 3, after: page.next })) as PatientPage;
      seen.push(...page.rows);
    }
    return { seen, last: page };
  };

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['dateOfBirth', 'asc'],
    ['dateOfBirth', 'desc'],
    ['updatedAt', 'desc'],
  ] as const)('walks every patient exactly once sorted by %s %s, and back again', async (sort, direction) => {
    const { call, db } = await seeded();
    const { seen, last } = await walk(call, { sort, direction });
    const column = { name: 'sort_name', dateOfBirth: 'date_of_birth', updatedAt: 'updated_at' }[sort];
    const dir = direction.toUpperCase();
    const expected = (await db.all(`SELECT id FROM patient ORDER BY ${column} ${dir}, id ${dir}`)) as { id: number }[];
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));

    // Walking back with `before` retraces the pages in reverse.
    const back: number[] = [];
    let page = last;
    while (page.previous) {
      page = valueOf(await call('listPatients', { sort, direction, limit: 3, before: page.previous })) as PatientPage;
      back.unshift(...page.rows.map((r) => r.id));
    }
    expect([...back, ...last.rows.map((r) => r.id)]).toEqual(expected.map((r) => r.id));
    expect(page.previous).toBeNull();
  });

  it.each([
    ['oka', ['Cleo Okafor', 'Ana Okafor']],
    ['ana reyes', ['Ana Reyes']],
    ['REYES', ['Ana Reyes', 'Ben reyes']],
    ['1972', ['Cleo Okafor', 'Ben Abara', 'Ana Okafor']],
    ['3/12/1972', ['Cleo Okafor']],
    ['1972-03-12', ['Cleo Okafor']],
    ['%', []],
    ['zz', []],
  ])('search %s finds %j', async (search, expected) => {
    const { call } = await seeded();
    const page = valueOf(await call('listPatients', { search, sort: 'name' })) as PatientPage;
    expect(page.rows.map((r) => `${r.firstName} ${r.lastName}`).sort()).toEqual([...expected].sort());
    expect(page.total).toBe(expected.length);
  });

  it('pages through a search of several words: each patient matching every word once, in name order, archived ones only when asked', async () => {
    const t = await testDb();
    const ids = new Map<string, number>();
    for (const [firstName, lastName] of [
      ['Ana', 'Anders'],
      ['Ana', 'Reyes'],
      ['Ana', 'Rees'],
      // Two of her names start with "an": she is still one match.
      ['Anika', 'Reyes Anand'],
      ['Ben', 'Reyes'],
      ['Ana', 'Okafor'],
      ['Rea', 'Anton'],
      ['Andrea', 'Reid'],
    ])
      ids.set(`${firstName} ${lastName}`, (valueOf(await t.call('savePatient', { ...runner, firstName, lastName, races: [] })) as Patient).id);
    valueOf(await t.call('setPatientArchived', { id: ids.get('Andrea Reid'), archived: true }));
    const matches = ['Rea Anton', 'Ana Rees', 'Ana Reyes', 'Anika Reyes Anand'];
    for (const direction of ['asc', 'desc'] as const) {
      const { seen, last } = await walk(t.call, { search: 'an re', sort: 'name', direction });
      expect(seen.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(direction === 'asc' ? matches : [...matches].reverse());
      expect(last.total).toBe(matches.length);
    }
    const withArchived = valueOf(await t.call('listPatients', { search: 're AN', includeArchived: true, limit: 3 })) as PatientPage;
    expect(withArchived.total).toBe(matches.length + 1);
    expect(withArchived.rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual(['Rea Anton', 'Ana Rees', 'Andrea Reid']);
  });

  describe('names in any Latin script', () => {
    const people = [
      { firstName: 'Łukasz', lastName: "O'Brien-Żółć" },
      { firstName: 'Nguyễn', lastName: 'Thị Ánh' },
      { firstName: 'Søren', lastName: 'Kierkegaard' },
      { firstName: 'Ana', lastName: 'Reyes' },
    ];
    it.each([
      ['lukasz', ["Łukasz O'Brien-Żółć"]],
      ['Łukasz', ["Łukasz O'Brien-Żółć"]],
      ['zolc', ["Łukasz O'Brien-Żółć"]],
      ['ŻÓŁĆ', ["Łukasz O'Brien-Żółć"]],
      ['obrien', ["Łukasz O'Brien-Żółć"]],
      ["o'brien", ["Łukasz O'Brien-Żółć"]],
      ['brien luk', ["Łukasz O'Brien-Żółć"]],
      ['nguyen', ['Nguyễn Thị Ánh']],
      ['anh thi', ['Nguyễn Thị Ánh']],
      ['Ánh', ['Nguyễn Thị Ánh']],
      ['soren', ['Søren Kierkegaard']],
      ['an', ['Ana Reyes', 'Nguyễn Thị Ánh']],
    ])('%s finds %j, on the words written with the names', async (search, expected) => {
      const t = await testDb();
      for (const p of people) valueOf(await t.call('savePatient', { ...runner, ...p, races: [] }));
      const page = valueOf(await t.call('listPatients', { search, sort: 'name' })) as PatientPage;
      expect(page.rows.map((r) => `${r.firstName} ${r.lastName}`).sort()).toEqual([...expected].sort());
    });

    it('fills the words of patients who have none (written by another tool) when the database is opened', async () => {
      const t = await testDb();
      for (const p of people) valueOf(await t.call('savePatient', { ...runner, ...p, races: [] }));
      await t.db.run('DELETE FROM patient_name_part');
      expect((valueOf(await t.call('listPatients', { search: 'zolc' })) as PatientPage).rows).toEqual([]);
      expect(await fillNameParts(t.ctx)).toBe(people.length);
      expect((valueOf(await t.call('listPatients', { search: 'zolc' })) as PatientPage).rows.map((r) => r.firstName)).toEqual(['Łukasz']);
      // Done once per database: a later open does not look again.
      await t.db.run('DELETE FROM patient_name_part');
      expect(await fillNameParts(t.ctx)).toBe(0);
    });
  });

  it('shows the next race from today on, not a past one', async () => {
    const { call } = await seeded();
    const page = valueOf(await call('listPatients', { search: 'cleo okafor' })) as PatientPage;
    expect(page.rows[0]!.nextRace).toEqual({ name: 'Boston', date: '2026-04-20', distance: 'Marathon' });
  });

  it('refuses a cursor from another sort order', async () => {
    const { call } = await seeded();
    const first = valueOf(await call('listPatients', { sort: 'name', limit: 3 })) as PatientPage;
    const error = errorOf(await call('listPatients', { sort: 'dateOfBirth', limit: 3, after: first.next }));
    expect(error.fields).toEqual({ after: 'Page position does not match this sort order' });
    expect(errorOf(await call('listPatients', { after: 'garbage' })).code).toBe('invalid_input');
  });
});
