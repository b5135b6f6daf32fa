import {
  COATING_COLOUR,
  COATING_THICKNESS,
  PULSE_POSITION_LABEL,
  PULSE_POSITIONS,
  PULSE_QUALITIES,
  TCM_PATTERNS,
  TONGUE_BODY,
  TONGUE_MOISTURE,
  TONGUE_SHAPE,
  type PulsePosition,
  type TcmFindings,
} from '../../../shared/tcm';
import { toText } from '../format';

/** The findings as typed: choices and numbers stay text, each pulse position is free text checked against the list. */
export interface TcmValues {
  tongueBody: string;
  tongueShape: string;
  coatingColour: string;
  coatingThickness: string;
  tongueMoisture: string;
  tongueNotes: string;
  pulseRate: string;
  pulse: Record<PulsePosition, string>;
  patterns: (typeof TCM_PATTERNS)[number][];
  patternNotes: string;
}

export function toTcmValues(t: TcmFindings | null): TcmValues {
  return {
    tongueBody: toText(t?.tongueBody),
    tongueShape: toText(t?.tongueShape),
    coatingColour: toText(t?.coatingColour),
    coatingThickness: toText(t?.coatingThickness),
    tongueMoisture: toText(t?.tongueMoisture),
    tongueNotes: toText(t?.tongueNotes),
    pulseRate: toText(t?.pulseRate),
    pulse: Object.fromEntries(PULSE_POSITIONS.map((p) => [p, (t?.pulse[p] ?? []).join(', ')])) as Record<PulsePosition, string>,
    patterns: t?.patterns ?? [],
    patternNotes: toText(t?.patternNotes),
  };
}

const CHOICES = [
  ['tongueBody', 'Tongue body', TONGUE_BODY],
  ['tongueShape', 'Shape', TONGUE_SHAPE],
  ['coatingColour', 'Coating colour', COATING_COLOUR],
  ['coatingThickness', 'Coating', COATING_THICKNESS],
  ['tongueMoisture', 'Moisture', TONGUE_MOISTURE],
] as const;

/**
 * Tongue, pulse and pattern, entered from the keyboard: selects for the tongue, one text box per
 * pulse position ("wiry slippery"; the list is suggested as you type), checkboxes for the patterns.
 */
export function TcmFields({
  idPrefix,
  values,
  errors,
  onChange,
}: {
  idPrefix: string;
  values: TcmValues;
  errors: Record<string, string>;
  onChange: (next: TcmValues) => void;
}) {
  const err = (key: string) =>
    errors[`tcm.${key}`] ? (
      <p className="field-error" data-field-error={`tcm.${key}`}>
        {errors[`tcm.${key}`]}
      </p>
    ) : null;
  const listId = `${idPrefix}-pulse-qualities`;
  return (
    <fieldset className="tcm">
      <legend>TCM findings</legend>
      <div className="grid-fields">
        {CHOICES.map(([key, label, options]) => (
          <div className="field" key={key}>
            <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
            <select id={`${idPrefix}-${key}`} name={`tcm.${key}`} value={values[key]} onChange={(e) => onChange({ ...values, [key]: e.target.value })}>
              <option value="">—</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
            {err(key)}
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${idPrefix}-tongueNotes`}>Tongue notes</label>
          <input id={`${idPrefix}-tongueNotes`} value={values.tongueNotes} onChange={(e) => onChange({ ...values, tongueNotes: e.target.value })} />
          {err('tongueNotes')}
        </div>
      </div>
      <datalist id={listId}>
        {PULSE_QUALITIES.map((q) => (
          <option key={q} value={q} />
        ))}
      </datalist>
      <div className="grid-fields tcm-pulse">
        <div className="field">
          <label htmlFor={`${idPrefix}-pulseRate`}>Pulse rate (bpm)</label>
          <input
            id={`${idPrefix}-pulseRate`}
            inputMode="numeric"
            value={values.pulseRate}
            onChange={(e) => onChange({ ...values, pulseRate: e.target.value })}
          />
          {err('pulseRate')}
        </div>
        {PULSE_POSITIONS.map((p) => (
          <div className="field" key={p}>
            <label htmlFor={`${idPrefix}-pulse-${p}`}>{PULSE_POSITION_LABEL[p]}</label>
            <input
              id={`${idPrefix}-pulse-${p}`}
              list={listId}
              placeholder="e.g. wiry, slippery"
              value={values.pulse[p]}
              onChange={(e) => onChange({ ...values, pulse: { ...values.pulse, [p]: e.target.value } })}
            />
            {err(`pulse.${p}`)}
          </div>
        ))}
      </div>
      <div className="tcm-patterns" role="group" aria-label="Pattern">
        <span className="field-label">Pattern</span>
        {TCM_PATTERNS.map((pattern) => (
          <label key={pattern} className="check">
            <input
              type="checkbox"
              checked={values.patterns.includes(pattern)}
              onChange={(e) =>
                onChange({ ...values, patterns: e.target.checked ? [...values.patterns, pattern] : values.patterns.filter((x) => x !== pattern) })
              }
            />
            {pattern}
          </label>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-patternNotes`}>Pattern notes</label>
        <input id={`${idPrefix}-patternNotes`} value={values.patternNotes} onChange={(e) => onChange({ ...values, patternNotes: e.target.value })} />
        {err('patternNotes')}
        {err('patterns')}
      </div>
    </fieldset>
  );
}
