import type { Assessment } from '../assessment';
import { acupointByCode } from '../catalogs/acupoints';
import { muscleById } from '../catalogs/muscles';
import type { CareCase } from '../case';
import { PHASE_LABEL } from '../rules/framework';
import { formatFrequency, parseFrequency } from '../rules/estim';
import type { Phase } from '../rules/framework';
import { assessmentNoteSections, sectionsText, visitNoteSections } from '../records/note-text';
import type { RecordVisit } from '../records/patient-record';
import type { Addendum, Signature } from '../signing';
import { tcmSummary as tcmSummaryOf, type TcmSummary } from '../tcm';
import type { LeadEndpoint, Visit } from '../visit';
import { ENCOUNTER_KINDS, EXTENSION, LATERALITY, measureCoding, modalityCoding, ownMeasureCoding, PAIN_LOINC, SYSTEM, type Modality } from './codes';
import type { Coding } from './types';
import { compact } from './people';
import { fhirId } from './ids';
import { addMinutesLocal, fhirDateTime } from './time';
import { ref, type FhirResource, type Reference } from './types';

/** What every resource of one patient points at. */
export interface Subject {
  patient: Reference;
  organization: Reference | null;
}

export function conditions(c: CareCase, s: Subject): FhirResource[] {
  return c.diagnoses.map((d, i) =>
    compact({
      resourceType: 'Condition',
      id: fhirId.condition(c.id, i),
      clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: c.status === 'active' ? 'active' : 'resolved' }] },
      verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: SYSTEM.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
      code: { coding: [compact({ system: SYSTEM.icd10cm, code: d.code, display: d.description || undefined })], text: d.description || d.code },
      subject: s.patient,
      onsetDateTime: c.onsetDate,
      abatementDateTime: c.dischargedOn ?? undefined,
      recordedDate: c.createdAt,
    }),
  );
}

/** The case as an EpisodeOfCare: its framework as the type, its diagnoses ranked, the discharge as the period's end. */
export function episode(c: CareCase, phase: Phase, s: Subject): FhirResource {
  return compact({
    resourceType: 'EpisodeOfCare',
    id: fhirId.episode(c.id),
    extension: c.dischargeReason ? [{ url: EXTENSION.dischargeReason, valueString: c.dischargeReason }] : [],
    status: c.status === 'active' ? 'active' : 'finished',
    type: [{ coding: [{ system: SYSTEM.framework, code: phase, display: PHASE_LABEL[phase] }], text: `${c.conditionText} (${PHASE_LABEL[phase]})` }],
    diagnosis: c.diagnoses.map((_d, i) => ({ condition: ref('Condition', fhirId.condition(c.id, i)), rank: i + 1 })),
    patient: s.patient,
    managingOrganization: s.organization ?? undefined,
    period: compact({ start: c.startDate, end: c.dischargedOn ?? undefined }),
  });
}

function encounter(
  id: string,
  kind: keyof typeof ENCOUNTER_KINDS,
  period: { start: string; end?: string },
  providerId: number,
  c: CareCase,
  s: Subject,
): FhirResource {
  return compact({
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [{ system: SYSTEM.noteKind, code: kind, display: ENCOUNTER_KINDS[kind] }] }],
    subject: s.patient,
    episodeOfCare: [ref('EpisodeOfCare', fhirId.episode(c.id))],
    participant: [{ individual: ref('Practitioner', fhirId.provider(providerId)) }],
    period: compact(period),
    diagnosis: c.diagnoses.map((_d, i) => ({ condition: ref('Condition', fhirId.condition(c.id, i)), rank: i + 1 })),
    serviceProvider: s.organization ?? undefined,
  });
}

const quantity = (value: number, unit: string, code = unit) => ({ value, unit, system: SYSTEM.ucum, code });

function observation(
  id: string,
  coding: Coding[],
  text: string,
  at: string,
  enc: string,
  performer: number,
  s: Subject,
  value: Record<string, unknown>,
): FhirResource {
  return compact({
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }] }],
    code: { coding: coding, text },
    subject: s.patient,
    encounter: ref('Encounter', enc),
    effectiveDateTime: at,
    performer: [ref('Practitioner', fhirId.provider(performer))],
    ...value,
  });
}

function tcmObservation(tcm: TcmSummary, enc: string, at: string, performer: number, s: Subject): FhirResource[] {
  const parts = (['tongue', 'pulse', 'pattern'] as const).filter((k) => tcm[k]);
  if (parts.length === 0) return [];
  return [
    observation(fhirId.observation(enc, 'tcm'), [ownMeasureCoding('tcm-findings')], 'TCM findings', at, enc, performer, s, {
      component: parts.map((k) => ({ code: { text: k[0]!.toUpperCase() + k.slice(1) }, valueString: tcm[k] })),
    }),
  ];
}

/** A signed note's text as a DocumentReference, signed by its signer; each addendum its own, appending it. */
function noteDocuments(
  enc: string,
  text: string,
  loinc: { code: string; display: string },
  signature: Signature,
  authorId: number,
  addenda: Addendum[],
  s: Subject,
): FhirResource[] {
  const doc = (id: string, body: string, date: string, author: number, extra: Record<string, unknown>) =>
    compact({
      resourceType: 'DocumentReference',
      id,
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: SYSTEM.loinc, ...loinc }] },
      subject: s.patient,
      date,
      author: [ref('Practitioner', fhirId.provider(author))],
      custodian: s.organization ?? undefined,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: base64(body), title: loinc.display } }],
      context: { encounter: [ref('Encounter', enc)] },
      ...extra,
    });
  return [
    doc(fhirId.note(enc), text, signature.signedAt, authorId, { authenticator: ref('Practitioner', fhirId.provider(signature.providerId)) }),
    ...addenda.map((a) =>
      doc(fhirId.addendum(a.id), a.text, a.writtenAt, a.authorId, {
        relatesTo: [{ code: 'appends', target: ref('DocumentReference', fhirId.note(enc)) }],
        description: 'Addendum',
      }),
    ),
  ];
}

/** UTF-8 text as base64, without Node's Buffer (shared/ runs in every process). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function site(system: string, code: string, display: string, side: string, text: string) {
  const lat = LATERALITY[side];
  return compact({
    extension: lat ? [{ url: EXTENSION.laterality, valueCoding: lat }] : [],
    coding: [{ system, code, display }],
    text,
  });
}

function leadPairExtension(p: Visit['leadPairs'][number], label: (e: LeadEndpoint) => string) {
  const f = parseFrequency(p.frequency);
  return {
    url: EXTENSION.leadPair,
    extension: [
      { url: 'from', valueString: label(p.from) },
      { url: 'to', valueString: label(p.to) },
      { url: 'frequency', valueString: typeof f === 'string' ? p.frequency : formatFrequency(f) },
      { url: 'waveform', valueCode: p.waveform },
      ...(p.intensityMa !== null ? [{ url: 'intensity', valueQuantity: quantity(p.intensityMa, 'mA') }] : []),
      ...(p.minutes !== null ? [{ url: 'duration', valueQuantity: quantity(p.minutes, 'min') }] : []),
      { url: 'round', valueInteger: p.round + 1 },
    ],
  };
}

const endpointLabel = (e: LeadEndpoint) => {
  const name = e.kind === 'acupoint' ? e.ref : (muscleById(e.ref)?.name ?? e.ref);
  return e.side === 'M' ? name : `${name} ${e.side}`;
};

/** The CPT codes billed for a modality: acupuncture 97810/97811, with e-stim 97813/97814, dry needling 20560/20561. */
const CPT_OF: Record<'acupuncture' | 'dry_needling', readonly string[]> = {
  acupuncture: ['97810', '97811', '97813', '97814'],
  dry_needling: ['20560', '20561'],
};

/** A visit's needling and adjuncts as Procedures, each with the CPT codes billed for it. */
function procedures(r: RecordVisit, enc: string, start: string, s: Subject): FhirResource[] {
  const v = r.visit;
  const out: FhirResource[] = [];
  const billed = (codes: readonly string[]) =>
    [...new Map(r.billing.filter((l) => codes.includes(l.code)).map((l) => [l.code, l])).values()].map((l) => ({
      system: SYSTEM.cpt,
      code: l.code,
      display: l.description,
    }));
  const rounds = v.rounds.map((x, i) => ({
    url: EXTENSION.insertionRound,
    valueString: [`Round ${i + 1}: ${x.label}`, x.minutes !== null ? `${x.minutes} min` : null].filter(Boolean).join(', '),
  }));
  const base = (what: string, modality: Modality, cpt: { system: string; code: string; display: string }[], extra: Record<string, unknown>) =>
    compact({
      resourceType: 'Procedure',
      id: fhirId.procedure(v.id, what),
      status: 'completed',
      code: { coding: [modalityCoding(modality), ...cpt], text: modalityCoding(modality).display },
      subject: s.patient,
      encounter: ref('Encounter', enc),
      performedDateTime: start,
      performer: [{ actor: ref('Practitioner', fhirId.provider(v.providerId)) }],
      ...extra,
    });
  const pointPairs = v.leadPairs.filter((p) => p.from.kind === 'acupoint' || p.to.kind === 'acupoint');
  const musclePairs = v.leadPairs.filter((p) => p.from.kind === 'muscle' && p.to.kind === 'muscle');
  if (v.acupoints.length > 0) {
    const estim = pointPairs.length > 0 || r.billing.some((l) => l.code === '97813' || l.code === '97814');
    out.push(
      base('acupuncture', estim ? 'electroacupuncture' : 'acupuncture', billed(CPT_OF.acupuncture), {
        extension: [...rounds, ...pointPairs.map((p) => leadPairExtension(p, endpointLabel))],
        bodySite: v.acupoints.map((p) =>
          site(
            SYSTEM.acupoint,
            p.code,
            acupointByCode(p.code)?.pinyin ?? p.code,
            p.side,
            [
              p.side === 'M' ? p.code : `${p.code} ${p.side}`,
              p.gaugeMm !== null ? `${p.gaugeMm} mm gauge` : null,
              p.lengthMm !== null ? `${p.lengthMm} mm` : null,
              p.depth,
              p.technique,
              p.retentionMinutes !== null ? `retained ${p.retentionMinutes} min` : null,
              `round ${p.round + 1}`,
            ]
              .filter(Boolean)
              .join(', '),
          ),
        ),
      }),
    );
  }
  if (v.triggerPoints.length > 0) {
    out.push(
      base('dry_needling', 'dry_needling', billed(CPT_OF.dry_needling), {
        extension: musclePairs.map((p) => leadPairExtension(p, endpointLabel)),
        bodySite: v.triggerPoints.map((t) => {
          const name = muscleById(t.muscleId)?.name ?? t.muscleId;
          const text = [`${name} ${t.side}`, t.location, t.twitch ? 'local twitch response' : null, t.passes !== null ? `${t.passes} passes` : null]
            .filter(Boolean)
            .join(', ');
          return site(SYSTEM.muscle, t.muscleId, name, t.side, text);
        }),
      }),
    );
  }
  for (const a of v.adjuncts) {
    out.push(
      base(a.kind, a.kind, [], {
        note: a.minutes !== null || a.note ? [{ text: [a.minutes !== null ? `${a.minutes} min` : null, a.note].filter(Boolean).join(', ') }] : [],
      }),
    );
  }
  return out;
}

/** Everything one signed visit exports as: its Encounter, Procedures, pain Observations, note and addenda, billed lines. */
export function visitResources(r: RecordVisit, c: CareCase, s: Subject, noteText: boolean): FhirResource[] {
  const v = r.visit;
  const enc = fhirId.visit(v.id);
  const start = fhirDateTime(v.startedAt);
  const end = v.faceMinutes !== null ? fhirDateTime(addMinutesLocal(v.startedAt, v.faceMinutes)) : undefined;
  const pain = (what: string, value: number | null, text: string) =>
    value === null ? [] : [observation(fhirId.observation(enc, what), [PAIN_LOINC], text, start, enc, v.providerId, s, { valueInteger: value })];
  const procs = procedures(r, enc, start, s);
  const serviceOf = (code: string) =>
    procs.filter((p) => ((p.code as { coding: { code: string }[] }).coding ?? []).some((x) => x.code === code)).map((p) => ref('Procedure', p.id));
  return [
    encounter(enc, 'visit', { start, end }, v.providerId, c, s),
    ...procs,
    ...pain('pain-before', v.painBefore, 'Pain before treatment (0–10)'),
    ...pain('pain-after', v.painAfter, 'Pain after treatment (0–10)'),
    ...(noteText && v.tcm ? tcmObservation(tcmSummaryOf(v.tcm), enc, start, v.providerId, s) : []),
    ...(noteText && v.signature
      ? noteDocuments(
          enc,
          sectionsText(visitNoteSections(v)) || '(no text written)',
          { code: '11506-3', display: 'Progress note' },
          v.signature,
          v.providerId,
          v.addenda,
          s,
        )
      : []),
    ...r.billing.map((l) =>
      compact({
        resourceType: 'ChargeItem',
        id: fhirId.charge(l.id),
        extension: l.modifiers.map((m) => ({ url: EXTENSION.cptModifier, valueCode: m })),
        status: 'billable',
        code: { coding: [{ system: SYSTEM.cpt, code: l.code, display: l.description }] },
        subject: s.patient,
        context: ref('Encounter', enc),
        occurrenceDateTime: start,
        performer: [{ actor: ref('Practitioner', fhirId.provider(v.providerId)) }],
        quantity: { value: l.units },
        priceOverride: { value: l.feeCents / 100, currency: 'USD' },
        reason: l.diagnoses.map((d) => ({ coding: [{ system: SYSTEM.icd10cm, code: d.code, display: d.description }] })),
        service: serviceOf(l.code),
      }),
    ),
  ];
}

/** A signed assessment: its Encounter, pain and outcome Observations (the PSFS with each activity), note and addenda. */
export function assessmentResources(a: Assessment, c: CareCase, s: Subject, noteText: boolean): FhirResource[] {
  const enc = fhirId.assessment(a.id);
  const at = a.assessedOn;
  const obs = (what: string, coding: Coding[], text: string, value: Record<string, unknown>) =>
    observation(fhirId.observation(enc, what), coding, text, at, enc, a.providerId, s, value);
  const scoreValue = (measure: string, score: number) => ({
    valueQuantity: measure === 'faam_adl' || measure === 'faam_sports' ? quantity(score, '%') : quantity(score, 'score', '{score}'),
  });
  const outcomes = a.outcomes.filter((o) => !(o.measure === 'nprs' && a.painCurrent !== null));
  return [
    encounter(enc, a.kind, { start: at }, a.providerId, c, s),
    ...(a.painCurrent !== null ? [obs('nprs', measureCoding('nprs'), 'Pain now (0–10)', { valueInteger: a.painCurrent })] : []),
    ...(a.painWorst !== null ? [obs('pain-worst', [ownMeasureCoding('pain-worst')], 'Worst pain (0–10)', { valueInteger: a.painWorst })] : []),
    ...(a.painAverage !== null ? [obs('pain-average', [ownMeasureCoding('pain-average')], 'Average pain (0–10)', { valueInteger: a.painAverage })] : []),
    ...outcomes.map((o) =>
      obs(o.measure, measureCoding(o.measure), measureCoding(o.measure).at(-1)!.display ?? o.measure, {
        ...scoreValue(o.measure, o.score),
        component:
          o.measure === 'psfs' ? a.psfsActivities.map((p) => ({ code: { text: p.activity }, valueQuantity: quantity(p.score ?? 0, 'score', '{score}') })) : [],
      }),
    ),
    ...(noteText && a.tcm ? tcmObservation(tcmSummaryOf(a.tcm), enc, at, a.providerId, s) : []),
    ...(noteText && a.signature
      ? noteDocuments(
          enc,
          sectionsText(assessmentNoteSections(a)) || '(no text written)',
          { code: '51848-0', display: 'Evaluation note' },
          a.signature,
          a.providerId,
          a.addenda,
          s,
        )
      : []),
  ];
}
