import type { CareCase } from '../../shared/case';
import { acupointByCode } from '../../shared/catalogs/acupoints';
import { CONDITIONS, suggestIcd10, type CaseSide, type Condition } from '../../shared/catalogs/conditions';
import { measureById, type MeasureId } from '../../shared/catalogs/outcome-measures';
import { contract, type Channel, type InputOf, type ResultOf, type ServiceImpl } from '../../shared/contract';
import type { Patient } from '../../shared/patient';
import type { Provider } from '../../shared/provider';
import { localIsoDate } from '../../shared/validation/dates';
import type { Visit, VisitInput } from '../../shared/visit';
import { COMPLAINTS, HOME_CARE, MAIN_MEASURE, OBJECTIVE_NOTES, PROGRESS_NOTES } from './notes';
import type { Random } from './random';

const DAY = 86_400_000;
type Phase = 'acute' | 'subacute' | 'chronic' | 'recurring' | 'maintenance';
const PHASE_CYCLE: Phase[] = ['acute', 'subacute', 'chronic', 'recurring', 'acute', 'subacute', 'chronic'];
const PLAN: Record<Phase, { onset: [number, number]; every: [number, number]; visits: [number, number]; reassessAt: number }> = {
  acute: { onset: [3, 24], every: [4, 7], visits: [2, 8], reassessAt: 3 },
  subacute: { onset: [30, 80], every: [6, 9], visits: [3, 11], reassessAt: 5 },
  chronic: { onset: [90, 300], every: [7, 10], visits: [6, 18], reassessAt: 8 },
  recurring: { onset: [5, 20], every: [7, 10], visits: [5, 17], reassessAt: 8 },
  maintenance: { onset: [0, 0], every: [14, 28], visits: [3, 8], reassessAt: 6 },
};

export interface DemoClock {
  set(at: Date): void;
}

export interface ChartingSummary {
  cases: number;
  assessments: number;
  visits: number;
  signedVisits: number;
  billedVisits: number;
  payments: number;
}

/** Calls the service exactly as the UI does: input parsed by the contract first. */
function caller(service: ServiceImpl) {
  return <C extends Channel>(channel: C, input: InputOf<C>): Promise<ResultOf<C>> =>
    (service[channel] as (i: unknown) => Promise<ResultOf<C>>)(contract[channel].input.parse(input));
}

const iso = (d: Date) => localIsoDate(d);
const atTime = (d: Date, hour: number, minute = 0) => {
  const t = new Date(d);
  t.setHours(hour, minute, 0, 0);
  return t;
};
const wallClock = (d: Date) => `${iso(d)}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

function limbSide(side: CaseSide): 'L' | 'R' | 'B' {
  return side === 'left' ? 'L' : side === 'right' ? 'R' : 'B';
}

/** A visit's treatment drawn from the condition's usual targets, as a practitioner would vary it. */
function treatment(
  r: Random,
  condition: Condition,
  side: CaseSide,
  first: boolean,
  faceMinutes: number,
): Pick<VisitInput, 'rounds' | 'acupoints' | 'triggerPoints' | 'leadPairs' | 'adjuncts'> {
  // Most visits needle front and back: supine, then prone after a re-insertion.
  const frontAndBack = r.chance(0.6);
  const s = limbSide(side);
  const codes = condition.targets.acupoints.filter(() => r.chance(0.75)).slice(0, 6);
  if (codes.length < 2) codes.push(...condition.targets.acupoints.slice(0, 2).filter((c) => !codes.includes(c)));
  const half = Math.ceil(codes.length / 2);
  const acupoints = codes.map((code, i) => {
    const point = acupointByCode(code)!;
    return {
      round: frontAndBack && i >= half ? 1 : 0,
      code,
      side: point.midline ? 'M' : s,
      gaugeMm: 0.25,
      lengthMm: point.channel === 'EX' || code.startsWith('KI') || code.startsWith('LR') ? 30 : 40,
      retentionMinutes: r.pick([20, 20, 25]),
      ...(first ? { technique: 'even' } : {}),
    } as const;
  });
  const triggerPoints = condition.targets.muscles
    .filter(() => r.chance(0.6))
    .slice(0, 3)
    .map((muscleId) => ({
      muscleId,
      side: s,
      twitch: r.chance(0.6),
      passes: r.int(2, 6),
      location: r.pick(['mid-belly', 'proximal', 'distal third', 'near insertion']),
    }));
  const leadSide = s === 'B' ? 'L' : s;
  // E-stim runs in one round: the supine or the prone one.
  const estimRound = frontAndBack ? r.pick([0, 1]) : 0;
  const bilateral = acupoints.filter((p) => p.side !== 'M' && p.round === estimRound);
  // A lead pair joins two points of one limb (never the hand to the leg, or the back to the leg):
  // the random draws are made as before, and a pair that would not fit is left out.
  const sameLimb = bilateral.filter((p) => limbOf(p.code) === limbOf(bilateral[0]?.code ?? ''));
  const leadPairs =
    bilateral.length >= 2 && r.chance(0.65)
      ? [
          {
            from: { kind: 'acupoint' as const, ref: sameLimb[0]!.code, side: leadSide },
            to: { kind: 'acupoint' as const, ref: sameLimb[1]?.code ?? '', side: leadSide },
            ...(r.chance(0.7) ? { frequency: '2', waveform: 'continuous' as const } : { frequency: '2/100', waveform: 'dense-disperse' as const }),
            intensityMa: r.pick([1.5, 2, 2.5, 3, 3.5]),
            minutes: r.pick([15, 20, 20, 25]),
            round: estimRound,
          },
        ].filter((pair) => pair.to.ref !== '')
      : [];
  const adjuncts = [
    ...(r.chance(0.3) ? [{ kind: 'cupping' as const, minutes: r.pick([5, 8, 10]) }] : []),
    ...(r.chance(0.2) ? [{ kind: 'heat' as const, minutes: 10 }] : []),
    ...(r.chance(0.1) ? [{ kind: 'manual_therapy' as const, minutes: 8 }] : []),
  ];
  // The practitioner's own minutes: what the adjuncts and a few minutes of intake leave.
  const needling = Math.max(10, faceMinutes - adjuncts.reduce((n, a) => n + a.minutes, 0) - 5);
  const rounds = frontAndBack
    ? [
        { label: 'Supine', minutes: Math.ceil(needling / 2) },
        { label: 'Prone', minutes: Math.floor(needling / 2) },
      ]
    : [{ label: 'Supine', minutes: needling }];
  // Needles stay in no longer than their round lasts, and e-stim runs within it: the minutes add up.
  const within = (round: number, minutes: number) => Math.min(minutes, rounds[round]!.minutes);
  return {
    rounds,
    acupoints: acupoints.map((p) => ({ ...p, retentionMinutes: within(p.round, p.retentionMinutes) })),
    triggerPoints,
    leadPairs: leadPairs.map((l) => ({ ...l, minutes: within(l.round, l.minutes) })),
    adjuncts,
  };
}

/** Baseline and later score of the case's main measure: improvement beyond the MCID when it is working. */
function scores(r: Random, measureId: MeasureId, improving: boolean, fraction: number) {
  const m = measureById(measureId)!;
  const span = m.max - m.min;
  const baseline = Math.round((m.min + span * (0.45 + r.next() * 0.2)) * (m.step < 1 ? 10 : 1)) / (m.step < 1 ? 10 : 1);
  const gain = improving ? m.mcid * (1.2 + r.next()) * fraction : m.mcid * 0.3 * r.next();
  const later = Math.min(m.max, Math.round((baseline + gain) * (m.step < 1 ? 10 : 1)) / (m.step < 1 ? 10 : 1));
  return { measure: m.id, baseline, later };
}

/**
 * Cases for most demo runners, across every condition and phase, with signed assessments and
 * months of signed visits: improving cases and stalled ones, reassessments done and overdue,
 * a few discharged, a few drafts still open, and some addenda.
 */
export async function chartDemoCases(
  service: ServiceImpl,
  clock: DemoClock,
  r: Random,
  patients: Patient[],
  providers: Provider[],
  today: Date,
): Promise<ChartingSummary> {
  const call = caller(service);
  const summary: ChartingSummary = { cases: 0, assessments: 0, visits: 0, signedVisits: 0, billedVisits: 0, payments: 0 };

  for (const [index, patient] of patients.entries()) {
    if (index % 6 === 5) continue; // some runners have no case yet
    // Cases, not runners, walk the catalog: every condition gets a case once there are enough runners.
    const condition = CONDITIONS[summary.cases % CONDITIONS.length]!;
    const phase: Phase = condition.id === 'maintenance' ? 'maintenance' : PHASE_CYCLE[index % PHASE_CYCLE.length]!;
    const plan = PLAN[phase];
    const provider = providers[index % providers.length]!;
    const side: CaseSide =
      condition.id === 'maintenance' || condition.id === 'overtraining' ? 'na' : r.pick(['right', 'left', 'right', 'left', 'bilateral'] as const);
    const every = r.int(plan.every[0], plan.every[1]);
    const visitsWanted = r.int(plan.visits[0], plan.visits[1]);
    const start = new Date(today.getTime() - r.int(Math.max(21, every * 2), 175) * DAY);
    const visitCount = Math.max(1, Math.min(visitsWanted, Math.floor((today.getTime() - start.getTime()) / (every * DAY))));
    const onset = new Date(start.getTime() - r.int(plan.onset[0], plan.onset[1]) * DAY);
    const improving = r.chance(0.72);

    clock.set(atTime(start, 8));
    const careCase: CareCase = await call('saveCase', {
      patientId: patient.id,
      conditionId: condition.id,
      conditionText: condition.name,
      side,
      onsetDate: iso(onset),
      startDate: iso(start),
      recurring: phase === 'recurring',
      maintenance: phase === 'maintenance',
      diagnoses: suggestIcd10(condition.id, side).slice(0, 2),
      goals: phase === 'maintenance' ? 'Stay injury-free through the race block' : 'Return to full training without pain',
    });
    summary.cases++;

    const measureId = MAIN_MEASURE[condition.id] ?? null;
    const score = measureId ? scores(r, measureId, improving, 1) : null;
    const painStart = phase === 'maintenance' ? r.int(1, 3) : r.int(5, 8);
    const assess = async (kind: 'initial' | 'reassessment' | 'discharge', on: Date, pain: number, value: number | null, text: string) => {
      clock.set(atTime(on, 9, 15));
      const a = await call('saveAssessment', {
        caseId: careCase.id,
        providerId: provider.id,
        kind,
        assessedOn: iso(on),
        chiefComplaint: COMPLAINTS[condition.id] ?? null,
        trainingLoad: `${patient.weeklyVolume ?? 40} ${patient.volumeUnit}/week, long run ${patient.longRun ?? 15} ${patient.volumeUnit}; ${patient.trainingPhase ?? 'base'} phase`,
        sleepHours: r.pick([6, 6.5, 7, 7.5, 8]),
        sleepQuality: r.int(2, 5),
        restingHr: r.int(42, 62),
        hrv: r.int(45, 95),
        painCurrent: pain,
        painWorst: Math.min(10, pain + r.int(1, 2)),
        painAverage: Math.max(0, pain - 1),
        outcomes:
          value !== null && measureId
            ? [
                { measure: measureId, score: value },
                ...(kind !== 'initial' ? [{ measure: 'groc' as const, score: improving ? r.int(3, 6) : r.int(-1, 2) }] : []),
              ]
            : [],
        triggerPoints: condition.targets.muscles.slice(0, 2).map((muscleId) => ({ muscleId, side: limbSide(side) })),
        assessmentText: text,
        planText: kind === 'discharge' ? 'Discharged to home program.' : 'Acupuncture and dry needling with graded return to load; home strength program.',
        plannedSessions: kind === 'initial' ? visitsWanted : null,
        frequency: every <= 7 ? 'weekly' : 'every 7–10 days',
      });
      clock.set(atTime(on, 9, 40));
      await call('signAssessment', { id: a.id, providerId: provider.id });
      summary.assessments++;
    };
    await assess('initial', start, painStart, score?.baseline ?? null, `${condition.name}${side !== 'na' ? `, ${side}` : ''}: ${phase} at the start of care.`);

    let pain = painStart;
    let lastSigned: Visit | null = null;
    let openDraft = false;
    for (let n = 1; n <= visitCount; n++) {
      const day = new Date(start.getTime() + (n - 1) * every * DAY);
      if (day > today) break;
      const begin = atTime(day, r.pick([8, 10, 13, 16, 17]), r.pick([0, 30]));
      const before = pain;
      const after = Math.max(0, before - r.int(1, 3));
      clock.set(begin);
      const draft = await call('createVisit', { caseId: careCase.id, providerId: provider.id, startedAt: wallClock(begin) });
      const trend = improving ? 'easing' : 'about the same';
      clock.set(new Date(begin.getTime() + 40 * 60_000));
      const faceMinutes = r.pick([30, 35, 40, 45, 50, 55]);
      const saved = await call('saveVisit', {
        id: draft.id,
        providerId: provider.id,
        startedAt: wallClock(begin),
        faceMinutes,
        // An injury's first visit is its initial encounter; the visits after it are subsequent (the
        // 7th character each bills with, within the code's own family).
        ...(draft.encounter === null ? {} : { encounter: n === 1 ? ('A' as const) : ('D' as const) }),
        subjective: r
          .pick(PROGRESS_NOTES)
          .replace('{km}', String(r.int(6, 28)))
          .replace('{trend}', trend),
        objective: r.pick(OBJECTIVE_NOTES),
        assessmentText: improving ? 'Responding to treatment.' : 'Slow response; monitor at reassessment.',
        plan: 'Continue plan; progress loading as tolerated.',
        painBefore: before,
        painAfter: after,
        ...treatment(r, condition, side, n === 1, faceMinutes),
        // The acupuncturist charts tongue, pulse and pattern; the DPT does not.
        tcm: provider.id === providers[0]!.id ? demoTcm(index, n, improving) : null,
        adverseEvents: r.chance(0.08) ? [{ kind: 'bruising', note: 'Small bruise at a needling site; resolved' }] : [],
        homeCare: r.pick(HOME_CARE),
        nextVisitPlan: `Next visit in ${every} days.`,
      });
      summary.visits++;
      openDraft = n === visitCount && r.chance(0.12);
      if (!openDraft) {
        clock.set(new Date(begin.getTime() + 55 * 60_000));
        lastSigned = await call('signVisit', { id: saved.id, providerId: provider.id });
        summary.signedVisits++;
        // The front desk accepts the suggested lines; most runners pay at the visit.
        const billing = await call('getVisitBilling', { visitId: saved.id });
        // Maintenance care has no diagnosis to claim against: it is not billed on a superbill.
        if (billing.suggestions.length && billing.diagnoses.length) {
          const lines = billing.suggestions.map((l) => ({ code: l.code, units: l.units, modifiers: l.modifiers, pointers: l.pointers, fee: l.feeCents / 100 }));
          let billed = await call('saveVisitBilling', { visitId: saved.id, lines });
          // The front desk takes the day rule's modifier (XS on dry needling beside acupuncture), as "Add XS and save" does.
          if (billed.warnings.length) {
            billed = await call('saveVisitBilling', {
              visitId: saved.id,
              lines: lines.map((l, i) => {
                const w = billed.warnings.find((x) => x.line === i);
                return w ? { ...l, modifiers: [...l.modifiers, w.addModifier] } : l;
              }),
            });
          }
          summary.billedVisits++;
          const due = billed.totals.charged;
          if (due > 0 && r.chance(0.8)) {
            const amount = r.chance(0.85) ? due : Math.round(due / 2);
            await call('addPayment', {
              patientId: patient.id,
              visitId: saved.id,
              paidOn: iso(begin),
              amount: amount / 100,
              method: r.pick(['card', 'card', 'card', 'hsa_fsa', 'cash', 'check'] as const),
            });
            summary.payments++;
          }
        }
        if (r.chance(0.1)) {
          clock.set(new Date(begin.getTime() + DAY));
          await call('addAddendum', {
            kind: 'visit',
            id: saved.id,
            authorId: provider.id,
            text: 'Patient called next day: mild soreness at needling sites, resolved by evening.',
          });
        }
      }
      pain = improving ? Math.max(1, pain - r.pick([0, 1, 1, 1])) : Math.max(2, Math.min(9, pain + r.pick([-1, 0, 0, 1])));
      if (n === plan.reassessAt && r.chance(0.7) && score) {
        await assess(
          'reassessment',
          new Date(Math.min(today.getTime(), day.getTime() + DAY)),
          pain,
          score.later,
          improving ? 'Meaningful improvement since the start of care.' : 'Little change since the start; reconsider the approach.',
        );
      }
    }

    // Some finished cases were discharged after their last visit.
    if (improving && lastSigned && !openDraft && visitCount >= PLAN[phase].visits[0] + 2 && phase !== 'maintenance' && r.chance(0.35)) {
      const last = new Date(`${lastSigned.startedAt.slice(0, 10)}T12:00:00`);
      const on = new Date(Math.min(today.getTime(), last.getTime() + 2 * DAY));
      await assess('discharge', on, Math.max(0, pain - 1), score?.later ?? null, 'Goals met; returned to full training.');
      clock.set(atTime(on, 10));
      await call('dischargeCase', { id: careCase.id, dischargedOn: iso(on), reason: 'Goals met: back to full training without pain' });
    }
  }
  return summary;
}

/**
 * Tongue, pulse and pattern for the acupuncturist's visits: a few plausible pictures for runners
 * with overuse injuries, chosen by the case and visit (not the seeded random, so the rest of the
 * demo stays as it was), easing towards normal when the case improves.
 */
const TCM_PICTURES = [
  {
    tongueBody: 'purple',
    coatingColour: 'white',
    coatingThickness: 'thin',
    pulse: { leftGuan: 'wiry', rightGuan: 'choppy' },
    patterns: ['Qi and Blood stagnation'],
  },
  {
    tongueBody: 'pale',
    tongueShape: 'tooth-marked',
    coatingColour: 'white',
    coatingThickness: 'thin',
    pulse: { rightGuan: 'weak', rightCun: 'weak' },
    patterns: ['Spleen Qi deficiency', 'Qi and Blood stagnation'],
  },
  {
    tongueBody: 'red',
    coatingColour: 'yellow',
    coatingThickness: 'greasy',
    pulse: { leftGuan: 'wiry slippery', rightGuan: 'slippery' },
    patterns: ['Damp-Heat'],
  },
  {
    tongueBody: 'pale',
    coatingColour: 'white',
    coatingThickness: 'thick',
    tongueMoisture: 'wet',
    pulse: { leftChi: 'deep slow', rightChi: 'deep weak' },
    patterns: ['Kidney Yang deficiency', 'Cold-Damp Bi'],
  },
  {
    tongueBody: 'pink',
    tongueShape: 'normal',
    coatingColour: 'white',
    coatingThickness: 'thin',
    pulse: { leftGuan: 'wiry' },
    patterns: ['Liver Qi stagnation'],
  },
] as const;

function demoTcm(caseIndex: number, visit: number, improving: boolean) {
  const picture = TCM_PICTURES[caseIndex % TCM_PICTURES.length]!;
  const settled = improving && visit >= 4;
  return {
    ...picture,
    tongueBody: settled ? 'pink' : picture.tongueBody,
    pulseRate: String(58 + ((caseIndex * 7 + visit * 3) % 17)),
    pulse: { ...picture.pulse },
    patterns: [...picture.patterns],
  };
}

/** Which limb or region a point is on, for keeping a lead pair within one. */
function limbOf(code: string): 'arm' | 'back' | 'leg' {
  if (/^(LU|LI|HT|SI|PC|TE)\d/.test(code)) return 'arm';
  const bl = /^BL(\d+)$/.exec(code);
  if ((bl && Number(bl[1]) < 36) || /^(GV|EX-B)/.test(code)) return 'back';
  return 'leg';
}
