import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/timeline';
import type { Visit } from '../../shared/visit';
import { verifyLedger } from '../../db/queries/ledger';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/** Tongue, pulse and pattern on a visit: validated by name, preloaded into the next visit, sealed when signed, on the timeline. */
describe(`TCM findings (${TEST_ENGINE})`, () => {
  const typed = {
    tongueBody: 'pale',
    tongueShape: 'tooth-marked',
    coatingColour: 'white',
    coatingThickness: 'thin',
    tongueMoisture: '',
    tongueNotes: '',
    pulseRate: '68',
    pulse: { leftCun: '', leftGuan: 'Wiry, slippery', leftChi: '', rightCun: '', rightGuan: '', rightChi: 'weak deep' },
    patterns: ['Qi and Blood stagnation'],
    patternNotes: 'Local stagnation at the lateral knee',
  };

  it('keeps what was charted, names a word that is not a pulse quality, and preloads the next visit', async () => {
    const t = await itbsClinic();
    const first = await chartVisit(t, '2026-03-02T10:00', { tcm: typed });
    expect(first.tcm).toEqual({
      tongueBody: 'pale',
      tongueShape: 'tooth-marked',
      coatingColour: 'white',
      coatingThickness: 'thin',
      tongueMoisture: null,
      tongueNotes: null,
      pulseRate: 68,
      pulse: { leftCun: [], leftGuan: ['wiry', 'slippery'], leftChi: [], rightCun: [], rightGuan: [], rightChi: ['weak', 'deep'] },
      patterns: ['Qi and Blood stagnation'],
      patternNotes: 'Local stagnation at the lateral knee',
    });
    const refused = errorOf(
      await t.call('saveVisit', {
        id: first.id,
        providerId: t.mara.id,
        startedAt: '2026-03-02T10:00',
        tcm: { ...typed, pulse: { ...typed.pulse, leftGuan: 'wirey' } },
      }),
    );
    expect(refused.fields).toEqual({
      'tcm.pulse.leftGuan':
        'Left guan: wirey is not a pulse quality (floating, deep, slow, rapid, wiry, slippery, thready, choppy, weak, full, tight, soggy, hollow, knotted, moderate)',
    });
    expect(
      errorOf(await t.call('saveVisit', { id: first.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00', tcm: { ...typed, tongueBody: 'green' } })).fields,
    ).toEqual({ 'tcm.tongueBody': 'Tongue body must be one of: pale, pink, red, crimson, purple, bluish-purple' });

    valueOf(await t.call('signVisit', { id: first.id, providerId: t.mara.id }));
    const next = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-09T10:00' })) as Visit;
    expect(next.tcm).toEqual(first.tcm);

    const detail = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    const entry = detail.timeline.find((e) => e.kind === 'visit' && e.id === first.id)!;
    expect(entry.tcm).toEqual({
      tongue: 'pale, tooth-marked, thin white coat',
      pulse: '68 bpm; L guan wiry, slippery; R chi weak, deep',
      pattern: 'Qi and Blood stagnation; Local stagnation at the lateral knee',
    });
    // Signed findings are part of the sealed row.
    await expect(t.db.run('UPDATE visit SET tcm = NULL WHERE id = ?', [first.id])).rejects.toThrow(/signed visit/);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });

  it('stores an empty form as nothing, and the clinic switch is off until turned on', async () => {
    const t = await itbsClinic();
    const blank = {
      ...typed,
      tongueBody: '',
      tongueShape: '',
      coatingColour: '',
      coatingThickness: '',
      pulseRate: '',
      patterns: [],
      patternNotes: '',
      pulse: {},
    };
    const v = await chartVisit(t, '2026-03-02T10:00', { tcm: blank });
    expect(v.tcm).toBeNull();
    expect(await t.db.get('SELECT tcm FROM visit WHERE id = ?', [v.id])).toEqual({ tcm: null });
    expect(valueOf(await t.call('getClinic', {}))).toMatchObject({ tcmFindings: false });
    expect(valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820', tcmFindings: true }))).toMatchObject({ tcmFindings: true });
  });
});
