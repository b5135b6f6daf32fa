import { describe, expect, it } from 'vitest';
import type { Phrase, Protocol } from '../../shared/protocols';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/** A practitioner's own protocols (a visit's treatment under a name) and phrases, each theirs alone. */
describe(`protocols and phrases (${TEST_ENGINE})`, () => {
  it('saves a visit’s treatment as a protocol, replaces it by name, keeps each provider’s apart, and removes it', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const saved = valueOf(await t.call('saveProtocol', { providerId: t.mara.id, name: 'ITBS runner', fromVisitId: visit.id })) as Protocol[];
    expect(saved).toEqual([
      {
        id: expect.any(Number),
        providerId: t.mara.id,
        name: 'ITBS runner',
        treatment: {
          rounds: visit.rounds,
          acupoints: visit.acupoints,
          triggerPoints: visit.triggerPoints,
          leadPairs: visit.leadPairs,
          adjuncts: visit.adjuncts,
        },
      },
    ]);
    // Saving the same name again replaces it; another provider sees none of them.
    const lighter = await chartVisit(t, '2026-03-04T10:00', { triggerPoints: [], leadPairs: [] });
    const again = valueOf(await t.call('saveProtocol', { providerId: t.mara.id, name: 'ITBS runner', fromVisitId: lighter.id })) as Protocol[];
    expect(again).toHaveLength(1);
    expect(again[0]!.treatment.triggerPoints).toEqual([]);
    expect(valueOf(await t.call('listProtocols', { providerId: t.theo.id }))).toEqual([]);

    const empty = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-06T10:00' })) as Visit;
    expect(errorOf(await t.call('saveProtocol', { providerId: t.mara.id, name: 'Nothing', fromVisitId: empty.id })).fields).toEqual({
      name: 'Chart the treatment before saving it as a protocol',
    });
    expect(errorOf(await t.call('saveProtocol', { providerId: t.mara.id, name: '', fromVisitId: visit.id })).fields).toHaveProperty('name');
    valueOf(await t.call('deleteProtocol', { id: again[0]!.id }));
    expect(valueOf(await t.call('listProtocols', { providerId: t.mara.id }))).toEqual([]);
  });

  it('keeps phrases by trigger, one text per trigger, and audits the trigger, never the text', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('savePhrase', { providerId: t.mara.id, trigger: ';PF', text: 'Plantar fascia tender at the medial tubercle.' }));
    const list = valueOf(await t.call('savePhrase', { providerId: t.mara.id, trigger: ';pf', text: 'Plantar fascia tender; windlass positive.' })) as Phrase[];
    expect(list).toEqual([{ id: expect.any(Number), providerId: t.mara.id, trigger: ';pf', text: 'Plantar fascia tender; windlass positive.' }]);
    expect(errorOf(await t.call('savePhrase', { providerId: t.mara.id, trigger: 'pf', text: 'x' })).fields).toEqual({
      trigger: 'Trigger must be ; then 1–19 letters or digits, e.g. ;pf',
    });
    expect(valueOf(await t.call('listPhrases', { providerId: t.theo.id }))).toEqual([]);
    const rows = await t.db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE detail LIKE 'phrase%' ORDER BY id");
    expect(rows.map((r) => r.detail)).toEqual(['phrase ;pf', 'phrase ;pf']);
    valueOf(await t.call('deletePhrase', { id: list[0]!.id }));
    expect(valueOf(await t.call('listPhrases', { providerId: t.mara.id }))).toEqual([]);
  });
});
