import { caseChart } from '../../shared/body-chart';
import { measureById } from '../../shared/catalogs/outcome-measures';
import { DomainError } from '../../shared/outcome';
import type { ProgressReportData } from '../../shared/reports/progress-report-data';
import { formatFrequency, parseFrequency } from '../../shared/rules/estim';
import { mcidThreshold, type FlagKind } from '../../shared/rules/progress';
import { acupointLabel, ADJUNCT_LABEL, triggerPointLabel } from '../../shared/rules/treatment-summary';
import { localIsoDate } from '../../shared/validation/dates';
import type { DbContext } from '../context';
import { getClinic } from './clinic';
import { getPatient } from './patients';
import { getProvider, listProviders } from './providers';
import { caseDetail } from './timeline';

/** Most used first; ties keep the order they were first charted. */
function tally(labels: string[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
}

/** Everything the progress report prints, from signed records only. */
/** The flags a referring provider needs: how the case is going, not the clinic's own scheduling. */
const REPORTED_FLAGS = new Set<FlagKind>(['worsening', 'not_improving', 'past_range']);

export async function progressReportData(ctx: DbContext, caseId: number): Promise<ProgressReportData> {
  const clinic = await getClinic(ctx);
  if (!clinic) throw new DomainError('conflict', 'Set up the clinic (name, address, tax ID) before exporting a report.');
  const { careCase: c, timeline, progress, mcids } = await caseDetail(ctx, caseId);
  const patient = await getPatient(ctx, c.patientId);
  const visits = timeline.flatMap((e) => (e.kind === 'visit' && e.signature ? [e] : []));
  const assessments = timeline.flatMap((e) => (e.kind === 'assessment' && e.signature ? [e] : []));
  const lastSignature = [...visits, ...assessments].sort((a, b) => a.at.localeCompare(b.at)).pop()?.signature;
  // The report is signed off by the last signer, named as they signed.
  const provider = lastSignature
    ? { ...(await getProvider(ctx, lastSignature.providerId)), name: lastSignature.providerName, credentials: lastSignature.credentials, signatureName: null }
    : (await listProviders(ctx, false))[0];
  if (!provider) throw new DomainError('conflict', 'Add a provider before exporting a report.');

  const estim = visits.filter((v) => v.treatment.leadPairs.length > 0);
  const settings = tally(
    estim.flatMap((v) =>
      v.treatment.leadPairs.map((p) => {
        const f = parseFrequency(p.frequency);
        return typeof f === 'string' ? p.frequency : formatFrequency(f);
      }),
    ),
  );
  const changes = [...(progress.change.pain ? [progress.change.pain] : []), ...progress.change.measures];
  const latestAssessment = assessments[assessments.length - 1];
  const full = latestAssessment
    ? await ctx.db.get('SELECT plan_text AS text, planned_sessions AS "plannedSessions", frequency FROM assessment WHERE id = ?', [latestAssessment.id])
    : undefined;
  const plan = (full ?? { text: null, plannedSessions: null, frequency: null }) as {
    text: string | null;
    plannedSessions: number | null;
    frequency: string | null;
  };
  const lastVisit = visits[visits.length - 1];
  // What the referring provider reads: the latest words, and no internal scheduling (re-assessment due, race windows).
  const summaryRow = latestAssessment
    ? await ctx.db.get<{ text: string | null }>('SELECT assessment_text AS text FROM assessment WHERE id = ?', [latestAssessment.id])
    : undefined;
  const objectiveRow = await ctx.db.get<{ on: string; text: string }>(
    `SELECT on_ AS "on", text FROM (
       SELECT substr(started_at, 1, 10) AS on_, objective AS text FROM visit WHERE case_id = ? AND signed_at IS NOT NULL AND objective IS NOT NULL
       UNION ALL
       SELECT assessed_on, trim(coalesce(rom, '') || ' ' || coalesce(palpation, '')) FROM assessment
         WHERE case_id = ? AND signed_at IS NOT NULL AND (rom IS NOT NULL OR palpation IS NOT NULL)
     ) f ORDER BY on_ DESC LIMIT 1`,
    [caseId, caseId],
  );
  const firstPain = progress.change.pain?.first.score;
  const tcm = [...timeline].reverse().find((e) => e.signature && (e.tcm.tongue || e.tcm.pulse || e.tcm.pattern));
  const homeCare = lastVisit ? ((await ctx.db.get('SELECT home_care AS h FROM visit WHERE id = ?', [lastVisit.id])) as { h: string | null }).h : null;

  return {
    generatedOn: localIsoDate(ctx.now()),
    clinic,
    provider,
    patient: {
      name: `${patient.firstName} ${patient.lastName}`,
      dateOfBirth: patient.dateOfBirth,
      sex: patient.sex,
      primarySport: patient.primarySport,
      trainingPhase: patient.trainingPhase,
      weeklyVolume: patient.weeklyVolume,
      volumeUnit: patient.volumeUnit,
    },
    careCase: {
      conditionText: c.conditionText,
      side: c.side,
      diagnoses: c.diagnoses,
      onsetDate: c.onsetDate,
      startDate: c.startDate,
      phase: progress.phase,
      status: c.status,
      dischargedOn: c.dischargedOn,
      goals: c.goals,
    },
    sessions: {
      done: progress.sessionsDone,
      expectedMin: progress.expected.min,
      expectedMax: progress.expected.max,
      nextReassessment: c.status === 'active' ? (progress.reassessment?.session ?? null) : null,
      firstVisit: visits[0]?.at.slice(0, 10) ?? null,
      lastVisit: lastVisit?.at.slice(0, 10) ?? null,
    },
    treatment: {
      acupoints: tally(visits.flatMap((v) => v.treatment.acupoints.map(acupointLabel))).slice(0, 8),
      muscles: tally(visits.flatMap((v) => v.treatment.triggerPoints.map(triggerPointLabel))).slice(0, 6),
      estimVisits: estim.length,
      estimCommon: settings[0]?.label ?? null,
      adjuncts: tally(visits.flatMap((v) => v.treatment.adjuncts.map((a) => ADJUNCT_LABEL[a.kind]))),
    },
    bodyChart: caseChart(visits.map((v) => v.treatment)),
    outcomes: changes.map((m) => {
      const measure = measureById(m.measure)!;
      // A PSFS activity is its own row, under the runner's words, with the per-activity MCID.
      const name = m.activity ? `PSFS: ${m.activity}` : measure.name;
      return { ...m, name, higherIsBetter: measure.higherIsBetter, min: measure.min, max: measure.max, mcid: m.activity ? m.mcid : mcids[m.measure] };
    }),
    tcm: tcm ? { ...tcm.tcm, date: tcm.at.slice(0, 10) } : null,
    painSeries: visits.map((v, i) => ({ session: i + 1, date: v.at.slice(0, 10), before: v.painBefore, after: v.painAfter })),
    flags: progress.flags.filter((f) => REPORTED_FLAGS.has(f.kind)).map(({ title, rule }) => ({ title, rule })),
    referring: c.referringName ? { name: c.referringName, npi: c.referringNpi } : null,
    summary: latestAssessment && summaryRow?.text ? { on: latestAssessment.at.slice(0, 10), text: summaryRow.text } : null,
    objective: objectiveRow ?? null,
    painTarget: firstPain === undefined ? null : mcidThreshold('nprs', firstPain, mcids),
    plan: { ...plan, homeCare },
  };
}
