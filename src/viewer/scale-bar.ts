/**
 * The scale bar drawn on each 2D view: the longest "round" length (1, 2 or 5 × 10ⁿ mm) whose on-screen
 * width fits in the space given, so the bar reads as a plain number of millimetres.
 */
import type { Types } from '@cornerstonejs/core';
import type { Lang } from '../i18n/index.ts';

export interface ScaleBar {
  readonly lengthMm: number;
  readonly widthPx: number;
}

/** Longest 1/2/5 × 10ⁿ mm length drawn in at most `maxPx` screen pixels at `mmPerPx`; undefined when degenerate. */
export function niceScaleBar(mmPerPx: number, maxPx: number): ScaleBar | undefined {
  if (!(mmPerPx > 0) || !Number.isFinite(mmPerPx) || !(maxPx >= 1)) return undefined;
  const maxMm = mmPerPx * maxPx;
  const decade = 10 ** Math.floor(Math.log10(maxMm));
  const step = [5, 2, 1].find((m) => m * decade <= maxMm) ?? 1;
  const lengthMm = step * decade;
  return { lengthMm, widthPx: lengthMm / mmPerPx };
}

/** "20 mm", "0,5 mm" in French (decimal comma), "0.5 mm" in English. */
export function formatScaleMm(lengthMm: number, lang: Lang): string {
  const text = String(Number(lengthMm.toPrecision(3)));
  return `${lang === 'fr' ? text.replace('.', ',') : text} mm`;
}

/** Millimetres per CSS pixel along the view's horizontal axis (two canvas points mapped to world). */
export function viewMmPerPx(vp: Pick<Types.IViewport, 'canvasToWorld'>): number {
  const a = vp.canvasToWorld([0, 0]);
  const b = vp.canvasToWorld([100, 0]);
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 100;
}

/** Sets the bar's width and label (hidden when the view has no usable scale). */
export function drawScaleBar(bar: HTMLElement, mmPerPx: number, viewWidthPx: number, lang: Lang): void {
  const s = niceScaleBar(mmPerPx, viewWidthPx / 4);
  bar.hidden = !s;
  if (!s) return;
  bar.style.width = `${s.widthPx.toFixed(1)}px`;
  bar.dataset.mm = String(s.lengthMm);
  bar.textContent = formatScaleMm(s.lengthMm, lang);
}
