import { daysBetween, formatDate } from '../dates';
import { muscleById } from '../catalogs/muscles';
import type { ConsentKind, PatientSafety } from '../safety';
import { CONSENT_LABEL } from '../safety';
import type { LeadEndpoint } from '../visit';

/**
 * Warnings that stand against a treatment for this patient, each with the rule behind it: shown on
 * the chart as points are entered and kept on the note when it is signed. Warnings inform, they do
 * not forbid — except that e-stim with an implanted device is signed only with a written reason.
 */
export type SafetyWarningKind =
  'no_safety_screen' | 'estim_implanted_device' | 'pregnancy_points' | 'lead_across_midline' | 'bleeding_risk_trunk' | 'consent_missing';

export interface SafetyWarning {
  kind: SafetyWarningKind;
  title: string;
  rule: string;
  /** Signing needs a written override reason. */
  needsOverride: boolean;
}

/** Points traditionally avoided in pregnancy. */
export const PREGNANCY_AVOIDED_POINTS = ['LI4', 'SP6', 'BL60', 'BL67', 'GB21', 'CV3', 'CV4', 'CV5', 'CV6', 'CV7'] as const;
const AVOIDED = new Set<string>(PREGNANCY_AVOIDED_POINTS);

type LeadEnd = Pick<LeadEndpoint, 'kind' | 'ref' | 'side'>;
/** What the rules read of a treatment: a saved one, or the chart as it is being typed (a lead end may be unset). */
export interface Charted {
  acupoints: readonly { code: string }[];
  triggerPoints: readonly { muscleId: string }[];
  leadPairs: readonly { from: LeadEnd | null; to: LeadEnd | null }[];
  adjuncts: readonly { kind: string }[];
}

const endLabel = (e: LeadEnd) => `${e.kind === 'muscle' ? (muscleById(e.ref)?.name ?? e.ref) : e.ref} ${e.side}`;

/** Which consent each charted modality needs. */
function modalitiesUsed(t: Charted): ConsentKind[] {
  const used: ConsentKind[] = [];
  if (t.acupoints.length > 0) used.push('acupuncture');
  if (t.triggerPoints.length > 0) used.push('dry_needling');
  if (t.leadPairs.length > 0) used.push('electroacupuncture');
  if (t.adjuncts.some((a) => a.kind === 'cupping')) used.push('cupping');
  return used;
}

/** A pregnancy is 280 days from the last period to the due date: the week it is in on a day counts back from the due date. */
const TERM_DAYS = 280;

/**
 * How far along on the visit's day, as a chart says it: '20 weeks (due Apr 25, 2027)'. The weeks
 * are completed weeks of gestation; a due date that puts the day outside a pregnancy's 42 weeks
 * (mistyped, or long past) shows only the date.
 */
export function pregnancyStage(dueDate: string, onDate: string): string {
  const weeks = Math.floor((TERM_DAYS - daysBetween(onDate, dueDate)) / 7);
  const due = `due ${formatDate(dueDate)}`;
  return weeks >= 0 && weeks <= 42 ? `${weeks} ${weeks === 1 ? 'week' : 'weeks'} (${due})` : due;
}

export function treatmentWarnings(t: Charted, safety: PatientSafety, visitDate: string): SafetyWarning[] {
  const warnings: SafetyWarning[] = [];
  const needled = t.acupoints.length + t.triggerPoints.length > 0;
  const screen = safety.screen;
  if (!screen) {
    if (needled)
      warnings.push({
        kind: 'no_safety_screen',
        title: 'No safety screen on file for this patient',
        rule: 'Ask about pregnancy, implanted devices, anticoagulants, fainting with needles, allergies and neuropathy before needling, and record it on the patient.',
        needsOverride: false,
      });
  } else {
    if (screen.implantedDevice && t.leadPairs.length > 0)
      warnings.push({
        kind: 'estim_implanted_device',
        title: 'E-stim charted for a patient with a pacemaker or other implanted electrical device',
        rule: 'Electrical stimulation can interfere with an implanted electrical device: it is contraindicated. Signing needs a written reason.',
        needsOverride: true,
      });
    const pregnant = screen.pregnant && (screen.dueDate === null || visitDate <= screen.dueDate);
    const stage = screen.dueDate ? pregnancyStage(screen.dueDate, visitDate) : null;
    const avoided = [...new Set(t.acupoints.map((p) => p.code).filter((c) => AVOIDED.has(c)))];
    if (pregnant && avoided.length > 0)
      warnings.push({
        kind: 'pregnancy_points',
        title: `${avoided.join(', ')} charted for a pregnant patient${stage ? `: ${stage}` : ''}`,
        rule: `${PREGNANCY_AVOIDED_POINTS.slice(0, 5).join(', ')} and CV3–CV7 are traditionally avoided in pregnancy.`,
        needsOverride: false,
      });
    const trunk = [...new Set(t.triggerPoints.filter((p) => muscleById(p.muscleId)?.region === 'trunk').map((p) => muscleById(p.muscleId)!.name))];
    if (screen.bleedingRisk && trunk.length > 0)
      warnings.push({
        kind: 'bleeding_risk_trunk',
        title: `Dry needling over the trunk (${trunk.join(', ')}) for a patient on anticoagulants or with a bleeding disorder`,
        rule: 'Anticoagulants and bleeding disorders make a needling bleed more likely and, over the trunk, harder to see and compress: needle superficially and hold pressure, or choose another approach.',
        needsOverride: false,
      });
  }
  for (const { from, to } of t.leadPairs) {
    if (!from || !to) continue;
    const sides = new Set([from.side, to.side]);
    if (sides.has('L') && sides.has('R'))
      warnings.push({
        kind: 'lead_across_midline',
        title: `Lead pair ${endLabel(from)} – ${endLabel(to)} runs across the body`,
        rule: 'Current between the left and right sides crosses the chest or the spine: keep each lead pair on one side, within one limb or region.',
        needsOverride: false,
      });
  }
  const missing = modalitiesUsed(t).filter((kind) => !safety.consents.some((c) => c.kind === kind && c.signedOn <= visitDate));
  if (missing.length > 0)
    warnings.push({
      kind: 'consent_missing',
      title: `No signed consent on file for ${missing.map((k) => CONSENT_LABEL[k].toLowerCase()).join(', ')}`,
      rule: 'Each modality is used only with its signed consent on file, dated on or before the visit.',
      needsOverride: false,
    });
  return warnings;
}
