/**
 * A point or muscle to chart on the draft on screen, asked for from outside the chart (the command
 * palette): sent on `window`, taken by the treatment editor as if typed in its box.
 */
export const CHART_EVENT = 'needlebook:chart';

export interface ChartRequest {
  kind: 'point' | 'muscle';
  /** As typed in the box: `ST36 L`, `Gastrocnemius (medial head) R`. */
  entry: string;
}
