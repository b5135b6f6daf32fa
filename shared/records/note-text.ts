import type { Assessment } from '../assessment';
import type { AdverseEventKind, Visit } from '../visit';
import { muscleName } from '../rules/treatment-summary';

/** One labelled part of a signed note as written: what a chart copy prints and a FHIR document carries. */
export interface NoteSection {
  label: string;
  text: string;
}

const ADVERSE_LABEL: Record<AdverseEventKind, string> = {
  bruising: 'Bruising',
  soreness: 'Soreness',
  bleeding: 'Bleeding',
  fainting: 'Fainting',
  stuck_needle: 'Stuck needle',
  increased_pain: 'Increased pain',
  other: 'Other',
};

const present = (sections: (NoteSection | null)[]): NoteSection[] => sections.filter((s): s is NoteSection => s !== null && s.text.trim() !== '');
const section = (label: string, text: string | null | undefined): NoteSection | null => (text ? { label, text } : null);

/** A visit's written parts in SOAP order, then home care, the next visit's plan and what went wrong. */
export function visitNoteSections(v: Visit): NoteSection[] {
  return present([
    section('Subjective', v.subjective),
    section('Objective', v.objective),
    section('Assessment', v.assessmentText),
    section('Plan', v.plan),
    section('Home care', v.homeCare),
    section('Next visit', v.nextVisitPlan),
    section('Adverse events', v.adverseEvents.map((e) => (e.note ? `${ADVERSE_LABEL[e.kind]}: ${e.note}` : ADVERSE_LABEL[e.kind])).join('; ')),
    section('Warnings signed over', v.signedWarnings.join('\n')),
    section('Reason for signing over', v.safetyOverride),
  ]);
}

/** An assessment's written parts in the order the form asks them. */
export function assessmentNoteSections(a: Assessment): NoteSection[] {
  return present([
    section('Chief complaint', a.chiefComplaint),
    section('Training load', a.trainingLoad),
    section('Injury history', a.injuryHistory),
    section('Biomechanics', a.biomechanics),
    section('Range of motion', a.rom),
    section('Palpation', a.palpation),
    section('Orthopaedic tests', a.orthoTests.map((t) => [t.name, t.side, t.result, t.note].filter(Boolean).join(' ')).join('; ')),
    section('Trigger points found', a.triggerPoints.map((t) => [muscleName(t.muscleId), t.side, t.note].filter(Boolean).join(' ')).join('; ')),
    section('Assessment', a.assessmentText),
    section('Plan', a.planText),
    section('Planned care', [a.plannedSessions !== null ? `${a.plannedSessions} sessions` : null, a.frequency].filter(Boolean).join(', ')),
  ]);
}

export const sectionsText = (sections: readonly NoteSection[]): string => sections.map((s) => `${s.label}: ${s.text}`).join('\n\n');
