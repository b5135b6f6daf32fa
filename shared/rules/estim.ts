/**
 * Electroacupuncture settings. Frequency is a single value in Hz ("2") or a dense-disperse
 * pair ("2/100"); the waveform must agree with which of the two was given.
 */
export const WAVEFORMS = ['continuous', 'dense-disperse', 'intermittent'] as const;
export type Waveform = (typeof WAVEFORMS)[number];

export const FREQUENCY_HZ = { min: 1, max: 200 } as const;
export const INTENSITY_MA = { min: 0.1, max: 20 } as const;
export const ESTIM_MINUTES = { min: 1, max: 60 } as const;

export interface Frequency {
  low: number;
  high: number | null;
}

export function parseFrequency(text: string): Frequency | string {
  const t = text.trim().replace(/\s*hz$/i, '');
  const m = /^(\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?))?$/.exec(t);
  if (!m) return 'Frequency must be in Hz, e.g. 2, or a dense-disperse pair such as 2/100';
  const low = Number(m[1]);
  const high = m[2] === undefined ? null : Number(m[2]);
  for (const v of [low, high]) {
    if (v !== null && (v < FREQUENCY_HZ.min || v > FREQUENCY_HZ.max)) {
      return `Frequency must be between ${FREQUENCY_HZ.min} and ${FREQUENCY_HZ.max} Hz`;
    }
  }
  if (high !== null && high <= low) return 'A dense-disperse pair goes low/high, e.g. 2/100';
  return { low, high };
}

export function formatFrequency(f: Frequency): string {
  return f.high === null ? `${f.low} Hz` : `${f.low}/${f.high} Hz`;
}

/** The waveform and frequency must describe the same stimulation. */
export function waveformProblem(waveform: Waveform, f: Frequency): string | null {
  if (waveform === 'dense-disperse' && f.high === null) return 'Dense-disperse needs two frequencies, e.g. 2/100';
  if (waveform !== 'dense-disperse' && f.high !== null) return `A ${waveform} waveform has one frequency; choose dense-disperse for ${f.low}/${f.high}`;
  return null;
}
