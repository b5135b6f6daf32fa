import type { CaseSide } from '../../../shared/catalogs/conditions';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CHART_EVENT, type ChartRequest } from './chart-event';
import { parseAcupointEntry, parseLeadPairEntry, parseMuscleEntry } from '../../../shared/rules/chart-entry';
import { useRowKeys } from './useRowKeys';
import { endpointChoices, newPoint, newTriggerPoint, type VisitValues } from './visit-values';
import type { ReactNode } from 'react';

export type Change = (update: (v: VisitValues) => VisitValues) => void;

/** Replaces row `i` of a list with `row` patched by `patch`. */
export const patchAt = <T,>(list: T[], i: number, patch: Partial<T>): T[] => list.map((row, j) => (j === i ? { ...row, ...patch } : row));

/** The trailing side word of typed text survives picking a suggestion: `st3|6 b` → `ST36 B`. */
export function keepSide(text: string): string {
  const last = text.trim().split(/\s+/).pop() ?? '';
  return /^(l|r|b|left|right|both|bilateral)$/i.test(last) && text.trim().includes(' ') ? ` ${last}` : '';
}

export function Cell({ label, error, children }: { label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <td className={error ? 'cell-invalid' : undefined}>
      {children}
      {error ? (
        <span className="field-error" role="alert" aria-label={`${label}: ${error}`}>
          {error}
        </span>
      ) : null}
    </td>
  );
}

/**
 * What the treatment editor holds: the rounds new points go into, the keyboard entries (points,
 * lead pairs, trigger points) parsed into rows, and row keys for moving through them. The
 * sections (InsertionRounds, AcupointRows, TriggerPointRows, LeadPairRows, Adjuncts) only show it.
 */
export function useTreatmentEditor({
  values,
  change,
  errors,
  caseSide,
  entryRef,
}: {
  values: VisitValues;
  change: Change;
  errors: Record<string, string>;
  caseSide: CaseSide;
  entryRef?: ((el: HTMLInputElement | null) => void) | undefined;
}) {
  const choices = endpointChoices(values);
  // New points go into the latest round: needle supine, add the prone round, keep typing.
  const currentRound = Math.max(0, values.rounds.length - 1);
  const manyRounds = values.rounds.length > 1;
  /** The round a point or lead pair belongs to; shown only once a re-insertion is charted. */
  const roundPicker = (label: string, name: string, round: number, set: (round: number) => void) =>
    manyRounds ? (
      <Cell label="Round" error={errors[`${name}.round`]}>
        <select aria-label={`${label} round`} name={`${name}.round`} value={round} onChange={(e) => set(Number(e.target.value))}>
          {values.rounds.map((r, i) => (
            <option key={i} value={i}>
              {i + 1}. {r.label}
            </option>
          ))}
        </select>
      </Cell>
    ) : null;

  const pointEntry = useRef<HTMLInputElement | null>(null);
  const muscleEntry = useRef<HTMLInputElement | null>(null);
  /** The point entry, which the chart also focuses when it opens. */
  const pointInput = (el: HTMLInputElement | null) => {
    pointEntry.current = el;
    entryRef?.(el);
  };
  const muscleInput = (el: HTMLInputElement | null) => {
    muscleEntry.current = el;
  };
  const pointRows = useRowKeys(pointEntry);
  const muscleRows = useRowKeys(muscleEntry);
  const pairRows = useRowKeys(pointEntry, { tabbable: true });
  // The lead pair the point box just added: Tab from the emptied box goes to its settings.
  const [newPair, setNewPair] = useState<number | null>(null);

  /** `GB31 R - GB34 R 2.5 mA`: the points (where not needled yet) and the lead pair between them. */
  function addLeadPair(text: string): string | null | undefined {
    const pair = parseLeadPairEntry(text, caseSide);
    if (pair === null) return undefined;
    if (!pair.ok) return pair.problem;
    setNewPair(values.leadPairs.length);
    change((v) => {
      const needled = (code: string, side: string) => v.acupoints.some((p) => p.code === code && (p.side === side || p.side === 'B'));
      const added = [pair.from, pair.to]
        .filter((end, i, ends) => !needled(end.point.code, end.side) && ends.findIndex((e) => e.point.code === end.point.code && e.side === end.side) === i)
        .map((end) => newPoint(end.point.code, end.side, currentRound));
      const endpoint = (end: typeof pair.from) => ({ kind: 'acupoint' as const, ref: end.point.code, side: end.side });
      return {
        ...v,
        acupoints: [...v.acupoints, ...added],
        leadPairs: [
          ...v.leadPairs,
          {
            from: endpoint(pair.from),
            to: endpoint(pair.to),
            frequency: pair.frequency ?? '2',
            waveform: pair.waveform ?? 'continuous',
            intensityMa: pair.intensityMa ?? '',
            minutes: pair.minutes ?? '20',
            round: currentRound,
          },
        ],
      };
    });
    return null;
  }

  function addPoints(text: string): string | null {
    const asPair = addLeadPair(text);
    if (asPair !== undefined) return asPair;
    setNewPair(null);
    const entries = parseAcupointEntry(text, caseSide);
    const ok = entries.flatMap((e) => (e.ok ? [e] : []));
    // Said rather than silently skipped: Enter that adds nothing looks like a key that was lost.
    const have = new Set(values.acupoints.map((p) => `${p.code}|${p.side}`));
    const already = ok.filter((e) => have.has(`${e.point.code}|${e.side}`)).map((e) => `${e.point.code} ${e.side} is already charted`);
    change((v) => {
      const have = new Set(v.acupoints.map((p) => `${p.code}|${p.side}`));
      const added = ok.filter((e) => !have.has(`${e.point.code}|${e.side}`)).map((e) => newPoint(e.point.code, e.side, currentRound));
      return { ...v, acupoints: [...v.acupoints, ...added] };
    });
    const failed = [...entries.flatMap((e) => (e.ok ? [] : [e.problem])), ...already];
    return failed.length ? failed.join('; ') : null;
  }

  function addTriggerPoint(text: string): string | null {
    const e = parseMuscleEntry(text, caseSide);
    if (!e.ok) return e.problem;
    if (values.triggerPoints.some((t) => t.muscleId === e.muscle.id && t.side === e.side)) return `${e.muscle.name} ${e.side} is already charted`;
    change((v) =>
      v.triggerPoints.some((t) => t.muscleId === e.muscle.id && t.side === e.side)
        ? v
        : { ...v, triggerPoints: [...v.triggerPoints, newTriggerPoint(e.muscle.id, e.side)] },
    );
    return null;
  }

  // A point or muscle chosen in the command palette is charted as if typed in its box, and the
  // box is focused so the next one can be typed.
  useEffect(() => {
    const take = (e: Event) => {
      const { kind, entry } = (e as CustomEvent<ChartRequest>).detail;
      if (kind === 'point') addPoints(entry);
      else addTriggerPoint(entry);
      requestAnimationFrame(() => (kind === 'point' ? pointEntry : muscleEntry).current?.focus());
    };
    window.addEventListener(CHART_EVENT, take);
    return () => window.removeEventListener(CHART_EVENT, take);
  });

  /**
   * Keys in the point box: ArrowUp to the point rows (useRowKeys); Tab, right after a lead pair was
   * typed, to that pair's frequency — its settings are then one Tab apart, and Escape or Enter
   * comes back to the box.
   */
  function fromPointEntry(e: KeyboardEvent<HTMLInputElement>): boolean {
    if (e.key === 'Tab' && !e.shiftKey && e.currentTarget.value === '' && newPair !== null) {
      const target = document.querySelector<HTMLInputElement>(`input[name="leadPairs.${newPair}.frequency"]`);
      setNewPair(null);
      if (!target) return false;
      e.preventDefault();
      target.focus();
      target.select();
      return true;
    }
    if (e.key !== 'Tab') setNewPair(null);
    return pointRows.fromEntry(e);
  }

  return {
    values,
    change,
    errors,
    caseSide,
    choices,
    currentRound,
    manyRounds,
    roundPicker,
    pointInput,
    muscleInput,
    pointRows,
    fromPointEntry,
    muscleRows,
    pairRows,
    addPoints,
    addTriggerPoint,
  };
}

export type TreatmentEditorState = ReturnType<typeof useTreatmentEditor>;
