import { DomainError } from '../../shared/outcome';
import { bareCode, lookupCode, refusalOf, type CodeSet } from '../../shared/icd10cm/code-set';
import { searchDiagnoses, type DiagnosisHit } from '../../shared/icd10cm/search';
import type { DbContext } from '../context';
import { currentCodeSet, diagnosisIndex } from '../icd10cm';

/** How many of the practitioner's own codes rank a search: the last few dozen cases' worth. */
const RECENT = 40;

/**
 * The practitioner's own recent codes, newest first: the codes of cases they charted visits on, or,
 * with nobody signed in (the command line), the clinic's recently edited cases.
 */
export async function recentCodes(ctx: DbContext): Promise<string[]> {
  const providerId = ctx.providerId?.() ?? null;
  const rows =
    providerId === null
      ? await ctx.db.all<{ code: string }>(
          `SELECT d.code FROM case_diagnosis d JOIN care_case c ON c.id = d.case_id GROUP BY d.code ORDER BY max(c.updated_at) DESC, d.code LIMIT ${RECENT}`,
        )
      : await ctx.db.all<{ code: string }>(
          `SELECT d.code FROM case_diagnosis d JOIN visit v ON v.case_id = d.case_id WHERE v.provider_id = ?
           GROUP BY d.code ORDER BY max(v.started_at) DESC, d.code LIMIT ${RECENT}`,
          [providerId],
        );
  return rows.map((r) => r.code);
}

/** Diagnosis search over the whole current code set (shared/icd10cm/search.ts says how it ranks). */
export async function searchCodes(ctx: DbContext, query: string, limit: number): Promise<DiagnosisHit[]> {
  if (query.trim() === '') return [];
  return searchDiagnoses(diagnosisIndex(), query, limit, await recentCodes(ctx));
}

/**
 * A case's codes checked against the current set: each must be billable, and each gets the set's
 * description. A header is refused with its billable codes, a code that does not exist with the
 * nearest real ones, each on its own field.
 */
export function checkDiagnoses(diagnoses: readonly { code: string }[], set: CodeSet = currentCodeSet()): { code: string; description: string }[] {
  const fields: Record<string, string> = {};
  const checked = diagnoses.map((d, i) => {
    const found = lookupCode(set, d.code);
    if (found.kind === 'billable') return { code: found.code, description: found.description };
    fields[`diagnoses.${i}.code`] = refusalOf(found);
    return { code: found.code, description: '' };
  });
  const first = Object.values(fields)[0];
  if (first !== undefined) throw new DomainError('invalid_input', first, fields);
  return checked;
}

/** Whether a stored code is billable in the current set, and its description there. */
export function currentDescription(code: string): string | null {
  const found = lookupCode(currentCodeSet(), bareCode(code));
  return found.kind === 'billable' ? found.description : null;
}
