import { acupointByCode, searchAcupoints, type Acupoint } from '../../../shared/catalogs/acupoints';
import { RemoveRow } from './RemoveRow';
import { POINT_SIDES } from '../../../shared/visit';
import { LEAD_PAIR_SETTINGS_HELP, LEAD_PAIR_SYNTAX } from '../../../shared/rules/chart-entry';
import { EntryBox } from './EntryBox';
import { patchAt, keepSide, Cell, type TreatmentEditorState } from './useTreatmentEditor';

/** The acupoints needled, entered from the keyboard (`ST36 B`, or a lead pair `GB31 R - GB34 R`), one row each. */
export function AcupointRows({ t }: { t: TreatmentEditorState }) {
  const { values, change, errors, manyRounds, roundPicker, pointInput, pointRows, fromPointEntry, addPoints } = t;
  return (
    <fieldset className="treatment">
      <legend>Acupoints</legend>
      <EntryBox<Acupoint>
        label="Add acupoints"
        name="acupoint-entry"
        placeholder="Type a point and side, then Enter — ST36 B, GB34 R, Zusanli…"
        help={
          <>
            Lead pair: <kbd>{LEAD_PAIR_SYNTAX}</kbd> — {LEAD_PAIR_SETTINGS_HELP}. Then Tab: its settings; Esc: back here.
          </>
        }
        suggest={(t) => searchAcupoints(t.trim().replace(/\s+(l|r|b|left|right|both|bilateral)$/i, ''))}
        render={(p) => (
          <>
            <span className="mono">{p.code}</span> {p.pinyin}
          </>
        )}
        apply={(p, t) => `${p.code}${keepSide(t)}`}
        onEnter={addPoints}
        inputRef={pointInput}
        onKeyDown={fromPointEntry}
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
                  {field('technique', 'w-sm')}
                  {field('retentionMinutes', 'w-xs')}
                  <td>
                    <RemoveRow
                      label={`Remove ${p.code} ${p.side}`}
                      onRemove={() => {
                        change((v) => ({ ...v, acupoints: v.acupoints.filter((_, j) => j !== i) }));
                        pointRows.afterRemove();
                      }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}
