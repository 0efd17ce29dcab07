/**
 * The small chart of one panel lesion, as shapes in a y-down box (the page draws them on a canvas, the PDF with
 * pdf-lib): left, the share of learners and of experts per answer (absent, grades 0–5); right, every %DS as a dot
 * on a 0–100 % line, learners above, experts below, with the CAD-RADS band limits 25, 50 and 70 %.
 */
import { LESION_ANSWERS, type LesionAnswer } from './answers.ts';

export type ChartColour = 'learner' | 'panel' | 'axis' | 'band';

export type ChartShape =
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly colour: ChartColour }
  | { readonly kind: 'dot'; readonly x: number; readonly y: number; readonly r: number; readonly colour: ChartColour }
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly text: string; readonly colour: ChartColour };

export const CHART_WIDTH = 232;
export const CHART_HEIGHT = 84;

export interface LesionChartInput {
  readonly learnerCounts: ReadonlyMap<LesionAnswer, number>;
  readonly learners: number;
  readonly panelCounts: ReadonlyMap<LesionAnswer, number>;
  readonly experts: number;
  readonly learnerDsPct: readonly number[];
  readonly panelDsPct: readonly number[];
}

const BARS_W = 133;
const BAR_TOP = 6;
const BAR_BOTTOM = 68;
const STRIP_X0 = 146;
const STRIP_X1 = 224;

/** share of each answer, in LESION_ANSWERS order */
export function shares(counts: ReadonlyMap<LesionAnswer, number>, total: number): number[] {
  return LESION_ANSWERS.map((a) => (total > 0 ? (counts.get(a) ?? 0) / total : 0));
}

export function lesionChartShapes(c: LesionChartInput): ChartShape[] {
  const out: ChartShape[] = [];
  const binW = BARS_W / LESION_ANSWERS.length;
  const learner = shares(c.learnerCounts, c.learners);
  const panel = shares(c.panelCounts, c.experts);
  out.push({ kind: 'rect', x: 0, y: BAR_BOTTOM, w: BARS_W, h: 0.8, colour: 'axis' });
  LESION_ANSWERS.forEach((a, i) => {
    const x = i * binW + 2;
    const hL = learner[i]! * (BAR_BOTTOM - BAR_TOP);
    const hP = panel[i]! * (BAR_BOTTOM - BAR_TOP);
    if (hL > 0) out.push({ kind: 'rect', x, y: BAR_BOTTOM - hL, w: binW / 2 - 2, h: hL, colour: 'learner' });
    if (hP > 0) out.push({ kind: 'rect', x: x + binW / 2 - 2, y: BAR_BOTTOM - hP, w: binW / 2 - 2, h: hP, colour: 'panel' });
    out.push({ kind: 'text', x: x + binW / 2 - 5, y: CHART_HEIGHT - 4, text: a === 'absent' ? '–' : a, colour: 'axis' });
  });
  const xOf = (pct: number) => STRIP_X0 + (Math.min(100, Math.max(0, pct)) / 100) * (STRIP_X1 - STRIP_X0);
  for (const t of [25, 50, 70]) out.push({ kind: 'rect', x: xOf(t) - 0.4, y: BAR_TOP, w: 0.8, h: BAR_BOTTOM - BAR_TOP, colour: 'band' });
  out.push({ kind: 'rect', x: STRIP_X0, y: BAR_BOTTOM, w: STRIP_X1 - STRIP_X0, h: 0.8, colour: 'axis' });
  const row = (values: readonly number[], y0: number, colour: ChartColour) =>
    values.forEach((v, i) => out.push({ kind: 'dot', x: xOf(v), y: y0 + ((i * 7) % 5) * 4 - 8, r: 2.2, colour }));
  row(c.learnerDsPct, 24, 'learner');
  row(c.panelDsPct, 54, 'panel');
  out.push({ kind: 'text', x: STRIP_X0 - 3, y: CHART_HEIGHT - 4, text: '0', colour: 'axis' });
  out.push({ kind: 'text', x: xOf(50) - 5, y: CHART_HEIGHT - 4, text: '50', colour: 'axis' });
  out.push({ kind: 'text', x: STRIP_X1 - 12, y: CHART_HEIGHT - 4, text: '100', colour: 'axis' });
  return out;
}

/** RGB 0–1 of each colour (same on the page and in the PDF) */
export const CHART_RGB: Readonly<Record<ChartColour, readonly [number, number, number]>> = {
  learner: [0.16, 0.42, 0.78],
  panel: [0.93, 0.5, 0.1],
  axis: [0.3, 0.3, 0.3],
  band: [0.78, 0.78, 0.78],
};
