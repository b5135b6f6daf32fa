import { acupointByCode, searchAcupoints, type Acupoint } from '../../../shared/catalogs/acupoints';
import type { CaseSide } from '../../../shared/catalogs/conditions';
import { searchMuscles, type Muscle } from '../../../shared/catalogs/muscles';
import { useRef } from 'react';
import { parseAcupointEntry, parseLeadPairEntry, parseMuscleEntry } from '../../../shared/rules/chart-entry';
import { WAVEFORMS } from '../../../shared/rules/estim';
import { endpointName, muscleName, ADJUNCT_LABEL } from '../../../shared/rules/treatment-summary';
import { ADJUNCT_KINDS, MAX_ROUNDS, POINT_SIDES, ROUND_LABELS } from '../../../shared/visit';
import { LIMB_SIDES } from '../../../shared/assessment';
import { EntryBox } from './EntryBox';
import { useRowKeys } from './useRowKeys';
import { endpointChoices, endpointFromKey, endpointKey, newPoint, newTriggerPoint, type VisitValues } from './visit-values';

type Change = (update: (v: VisitValues) => VisitValues) => void;

/** Replaces row `i` of a list with `row` patched by `patch`. */
const patchAt = <T,>(list: T[], i: number, patch: Partial<T>): T[] => list.map((row, j) => (j === i ? { ...row, ...patch } : row));

/** The trailing side word of typed text survives picking a suggestion: `st3|6 b` → `ST36 B`. */
function keepSide(text: string): string {
  const last = text.trim().split(/\s+/).pop() ?? '';
  return /^(l|r|b|left|right|both|bilateral)$/i.test(last) && text.trim().includes(' ') ? ` ${last}` : '';
}

function Cell({ label, error, children }: { label: string; error?: string | undefined; children: React.ReactNode }) {
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

export function TreatmentEditor({
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
  entryRef?: (el: HTMLInputElement | null) => void;
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
  const pointRows = useRowKeys(pointEntry);
  const muscleRows = useRowKeys(muscleEntry);
  const pairRows = useRowKeys(pointEntry);

  /** `GB31 R - GB34 R 2.5 mA`: the points (where not needled yet) and the lead pair between them. */
  function addLeadPair(text: string): string | null | undefined {
    const pair = parseLeadPairEntry(text, caseSide);
    if (pair === null) return undefined;
    if (!pair.ok) return pair.problem;
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
            waveform: 'continuous',
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
    const entries = parseAcupointEntry(text, caseSide);
    const ok = entries.flatMap((e) => (e.ok ? [e] : []));
    change((v) => {
      const have = new Set(v.acupoints.map((p) => `${p.code}|${p.side}`));
      const added = ok.filter((e) => !have.has(`${e.point.code}|${e.side}`)).map((e) => newPoint(e.point.code, e.side, currentRound));
      return { ...v, acupoints: [...v.acupoints, ...added] };
    });
    const failed = entries.flatMap((e) => (e.ok ? [] : [e.problem]));
    return failed.length ? failed.join('; ') : null;
  }

  function addTriggerPoint(text: string): string | null {
    const e = parseMuscleEntry(text, caseSide);
    if (!e.ok) return e.problem;
    change((v) =>
      v.triggerPoints.some((t) => t.muscleId === e.muscle.id && t.side === e.side)
        ? v
        : { ...v, triggerPoints: [...v.triggerPoints, newTriggerPoint(e.muscle.id, e.side)] },
    );
    return null;
  }

  return (
    <>
      <fieldset className="treatment rounds">
        <legend>Insertion rounds</legend>
        <p className="muted small">
          Each round is needles in and out, e.g. supine then prone. Every round after the first is a re-insertion: an additional acupuncture unit needs one, and
          a unit is e-stim only if e-stim ran in its round.
        </p>
        <datalist id="round-labels">
          {ROUND_LABELS.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <table className="rows">
          <thead>
            <tr>
              <th>Round</th>
              <th>Position</th>
              <th>Minutes one-on-one</th>
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.rounds.map((r, i) => (
              <tr key={i} data-round={i + 1}>
                <td className="strong">{i + 1}</td>
                <Cell label="Position" error={errors[`rounds.${i}.label`]}>
                  <input
                    className="w-md"
                    list="round-labels"
                    aria-label={`Round ${i + 1} position`}
                    name={`rounds.${i}.label`}
                    value={r.label}
                    onChange={(e) => change((v) => ({ ...v, rounds: patchAt(v.rounds, i, { label: e.target.value }) }))}
                  />
                </Cell>
                <Cell label="Minutes" error={errors[`rounds.${i}.minutes`]}>
                  <input
                    className="w-xs"
                    inputMode="numeric"
                    aria-label={`Round ${i + 1} minutes`}
                    name={`rounds.${i}.minutes`}
                    value={r.minutes}
                    onChange={(e) => change((v) => ({ ...v, rounds: patchAt(v.rounds, i, { minutes: e.target.value }) }))}
                  />
                </Cell>
                <td>
                  {i > 0 ? (
                    <button
                      type="button"
                      className="button-quiet"
                      aria-label={`Remove round ${i + 1}`}
                      onClick={() =>
                        change((v) => ({
                          ...v,
                          rounds: v.rounds.filter((_, j) => j !== i),
                          // Rows of the removed round join the one before it.
                          acupoints: v.acupoints.map((p) => (p.round >= i ? { ...p, round: Math.max(0, p.round - 1) } : p)),
                          leadPairs: v.leadPairs.map((l) => (l.round >= i ? { ...l, round: Math.max(0, l.round - 1) } : l)),
                        }))
                      }
                    >
                      ×
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {values.rounds.length < MAX_ROUNDS ? (
          <button
            type="button"
            onClick={() => change((v) => ({ ...v, rounds: [...v.rounds, { label: v.rounds.length % 2 === 1 ? 'Prone' : 'Supine', minutes: '' }] }))}
          >
            Add round (re-insertion)
          </button>
        ) : null}
        {errors.rounds ? <p className="field-error">{errors.rounds}</p> : null}
      </fieldset>

      <fieldset className="treatment">
        <legend>Acupoints</legend>
        <EntryBox<Acupoint>
          label="Add acupoints"
          name="acupoint-entry"
          placeholder="Type a point and side, then Enter — ST36 B, GB34 R, Zusanli… or a lead pair: GB31 R - GB34 R"
          suggest={(t) => searchAcupoints(t.trim().replace(/\s+(l|r|b|left|right|both|bilateral)$/i, ''))}
          render={(p) => (
            <>
              <span className="mono">{p.code}</span> {p.pinyin}
            </>
          )}
          apply={(p, t) => `${p.code}${keepSide(t)}`}
          onEnter={addPoints}
          inputRef={(el) => {
            pointEntry.current = el;
            entryRef?.(el);
          }}
          onKeyDown={pointRows.fromEntry}
        />
        {values.acupoints.length ? (
          <table className="rows" {...pointRows.tableProps}>
            <thead>
              <tr>
                <th>Point</th>
                {manyRounds ? <th>Round</th> : null}
                <th>Side</th>
                <th>Gauge mm</th>
                <th>Length mm</th>
                <th>Depth</th>
                <th>Technique</th>
                <th>Retention min</th>
                <th>
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.acupoints.map((p, i) => {
                const point = acupointByCode(p.code);
                const field = (key: 'gaugeMm' | 'lengthMm' | 'depth' | 'technique' | 'retentionMinutes', width: string) => (
                  <Cell label={key} error={errors[`acupoints.${i}.${key}`]}>
                    <input
                      className={width}
                      aria-label={`${p.code} ${key}`}
                      name={`acupoints.${i}.${key}`}
                      value={p[key]}
                      onChange={(e) => change((v) => ({ ...v, acupoints: patchAt(v.acupoints, i, { [key]: e.target.value }) }))}
                    />
                  </Cell>
                );
                return (
                  <tr key={`${p.code}-${i}`} data-row={`acupoint-${p.code}-${p.side}`}>
                    <Cell label="Point" error={errors[`acupoints.${i}.code`]}>
                      <span className="mono strong">{p.code}</span> <span className="muted">{point?.pinyin}</span>
                    </Cell>
                    {roundPicker(`${p.code} ${p.side}`, `acupoints.${i}`, p.round, (round) =>
                      change((v) => ({ ...v, acupoints: patchAt(v.acupoints, i, { round }) })),
                    )}
                    <Cell label="Side" error={errors[`acupoints.${i}.side`]}>
                      <select
                        aria-label={`${p.code} side`}
                        name={`acupoints.${i}.side`}
                        value={p.side}
                        onChange={(e) => change((v) => ({ ...v, acupoints: patchAt(v.acupoints, i, { side: e.target.value as typeof p.side }) }))}
                      >
                        {POINT_SIDES.filter((s) => (point?.midline ? s === 'M' : s !== 'M')).map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    </Cell>
                    {field('gaugeMm', 'w-xs')}
                    {field('lengthMm', 'w-xs')}
                    {field('depth', 'w-sm')}
                    {field('technique', 'w-md')}
                    {field('retentionMinutes', 'w-xs')}
                    <td>
                      <button
                        type="button"
                        className="button-quiet"
                        aria-label={`Remove ${p.code} ${p.side}`}
                        onClick={() => {
                          change((v) => ({ ...v, acupoints: v.acupoints.filter((_, j) => j !== i) }));
                          pointRows.afterRemove();
                        }}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </fieldset>

      <fieldset className="treatment">
        <legend>Trigger points (dry needling)</legend>
        <EntryBox<Muscle>
          label="Add trigger points"
          name="trigger-point-entry"
          placeholder="Type a muscle and side, then Enter — TFL R, gastroc med L, glute med R…"
          suggest={(t) => searchMuscles(t.trim().replace(/\s+(l|r|b|left|right|both|bilateral)$/i, ''))}
          render={(m) => m.name}
          apply={(m, t) => `${m.aliases[0] ?? m.name}${keepSide(t)}`}
          onEnter={addTriggerPoint}
          inputRef={(el) => {
            muscleEntry.current = el;
          }}
          onKeyDown={muscleRows.fromEntry}
        />
        {values.triggerPoints.length ? (
          <table className="rows" {...muscleRows.tableProps}>
            <thead>
              <tr>
                <th>Muscle</th>
                <th>Side</th>
                <th>Location</th>
                <th>Twitch</th>
                <th>Passes</th>
                <th>
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.triggerPoints.map((t, i) => (
                <tr key={`${t.muscleId}-${i}`} data-row={`muscle-${t.muscleId}-${t.side}`}>
                  <Cell label="Muscle" error={errors[`triggerPoints.${i}.muscleId`]}>
                    <span className="strong">{muscleName(t.muscleId)}</span>
                  </Cell>
                  <td>
                    <select
                      aria-label={`${muscleName(t.muscleId)} side`}
                      value={t.side}
                      onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { side: e.target.value as typeof t.side }) }))}
                    >
                      {LIMB_SIDES.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                  <Cell label="Location" error={errors[`triggerPoints.${i}.location`]}>
                    <input
                      className="w-md"
                      aria-label={`${muscleName(t.muscleId)} location`}
                      value={t.location}
                      placeholder="e.g. mid-belly"
                      onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { location: e.target.value }) }))}
                    />
                  </Cell>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${muscleName(t.muscleId)} local twitch response`}
                      checked={t.twitch}
                      onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { twitch: e.target.checked }) }))}
                    />
                  </td>
                  <Cell label="Passes" error={errors[`triggerPoints.${i}.passes`]}>
                    <input
                      className="w-xs"
                      aria-label={`${muscleName(t.muscleId)} passes`}
                      name={`triggerPoints.${i}.passes`}
                      value={t.passes}
                      onChange={(e) => change((v) => ({ ...v, triggerPoints: patchAt(v.triggerPoints, i, { passes: e.target.value }) }))}
                    />
                  </Cell>
                  <td>
                    <button
                      type="button"
                      className="button-quiet"
                      aria-label={`Remove ${muscleName(t.muscleId)} ${t.side}`}
                      onClick={() => {
                        change((v) => ({ ...v, triggerPoints: v.triggerPoints.filter((_, j) => j !== i) }));
                        muscleRows.afterRemove();
                      }}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </fieldset>

      <fieldset className="treatment">
        <legend>Electroacupuncture</legend>
        {values.leadPairs.length ? (
          <table className="rows" {...pairRows.tableProps}>
            <thead>
              <tr>
                {manyRounds ? <th>Round</th> : null}
                <th>From</th>
                <th>To</th>
                <th className="unit">Hz</th>
                <th>Waveform</th>
                <th className="unit">mA</th>
                <th>Minutes</th>
                <th>
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.leadPairs.map((l, i) => {
                const end = (which: 'from' | 'to') => (
                  <Cell label={which} error={errors[`leadPairs.${i}.${which}`] ?? errors[`leadPairs.${i}.${which}.ref`]}>
                    <select
                      aria-label={`Lead pair ${i + 1} ${which}`}
                      name={`leadPairs.${i}.${which}`}
                      value={endpointKey(l[which])}
                      onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { [which]: endpointFromKey(e.target.value) }) }))}
                    >
                      <option value="">Choose…</option>
                      {choices.map((c) => (
                        <option key={endpointKey(c)} value={endpointKey(c)}>
                          {endpointName(c)}
                        </option>
                      ))}
                      {l[which] && !choices.some((c) => endpointKey(c) === endpointKey(l[which])) ? (
                        <option value={endpointKey(l[which])}>{endpointName(l[which]!)} (not needled)</option>
                      ) : null}
                    </select>
                  </Cell>
                );
                const text = (key: 'frequency' | 'intensityMa' | 'minutes') => (
                  <Cell label={key} error={errors[`leadPairs.${i}.${key}`]}>
                    <input
                      className="w-xs"
                      aria-label={`Lead pair ${i + 1} ${key}`}
                      name={`leadPairs.${i}.${key}`}
                      value={l[key]}
                      onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { [key]: e.target.value }) }))}
                    />
                  </Cell>
                );
                return (
                  <tr key={i}>
                    {roundPicker(`Lead pair ${i + 1}`, `leadPairs.${i}`, l.round, (round) =>
                      change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { round }) })),
                    )}
                    {end('from')}
                    {end('to')}
                    {text('frequency')}
                    <Cell label="waveform" error={errors[`leadPairs.${i}.waveform`]}>
                      <select
                        aria-label={`Lead pair ${i + 1} waveform`}
                        value={l.waveform}
                        onChange={(e) => change((v) => ({ ...v, leadPairs: patchAt(v.leadPairs, i, { waveform: e.target.value as typeof l.waveform }) }))}
                      >
                        {WAVEFORMS.map((w) => (
                          <option key={w}>{w}</option>
                        ))}
                      </select>
                    </Cell>
                    {text('intensityMa')}
                    {text('minutes')}
                    <td>
                      <button
                        type="button"
                        className="button-quiet"
                        aria-label={`Remove lead pair ${i + 1}`}
                        onClick={() => {
                          change((v) => ({ ...v, leadPairs: v.leadPairs.filter((_, j) => j !== i) }));
                          pairRows.afterRemove();
                        }}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="muted">{choices.length >= 2 ? 'No e-stim this visit.' : 'Needle at least two points or muscles to connect a lead pair.'}</p>
        )}
        <button
          type="button"
          disabled={choices.length < 2}
          onClick={() =>
            change((v) => ({
              ...v,
              leadPairs: [
                ...v.leadPairs,
                {
                  from: choices[0] ?? null,
                  to: choices[1] ?? null,
                  frequency: '2',
                  waveform: 'continuous',
                  intensityMa: '',
                  minutes: '20',
                  round: currentRound,
                },
              ],
            }))
          }
        >
          Add lead pair
        </button>
      </fieldset>

      <fieldset className="treatment">
        <legend>Adjuncts</legend>
        <div className="adjuncts">
          {ADJUNCT_KINDS.map((k) => (
            <div key={k} className="adjunct">
              <label className="check">
                <input
                  type="checkbox"
                  checked={values.adjuncts[k].on}
                  onChange={(e) => change((v) => ({ ...v, adjuncts: { ...v.adjuncts, [k]: { ...v.adjuncts[k], on: e.target.checked } } }))}
                />{' '}
                {ADJUNCT_LABEL[k]}
              </label>
              <input
                className="w-xs"
                aria-label={`${ADJUNCT_LABEL[k]} minutes`}
                placeholder="min"
                value={values.adjuncts[k].minutes}
                onChange={(e) => change((v) => ({ ...v, adjuncts: { ...v.adjuncts, [k]: { on: true, minutes: e.target.value } } }))}
              />
            </div>
          ))}
        </div>
        {Object.entries(errors)
          .filter(([k]) => k.startsWith('adjuncts.'))
          .map(([k, m]) => (
            <p key={k} className="field-error">
              {m}
            </p>
          ))}
      </fieldset>
    </>
  );
}
