/** Draws a lesion's chart shapes (src/review/chart-model.ts) on a small canvas, at the device pixel ratio. */
import { CHART_HEIGHT, CHART_RGB, CHART_WIDTH, type ChartShape } from '../../review/chart-model.ts';
import { el } from '../dom.ts';

const css = (c: readonly [number, number, number]): string => `rgb(${c.map((v) => Math.round(v * 255)).join(',')})`;

export function chartCanvas(shapes: readonly ChartShape[], label: string): HTMLCanvasElement {
  const ratio = Math.max(1, Math.min(2, globalThis.devicePixelRatio || 1));
  const canvas = el('canvas', { width: String(CHART_WIDTH * ratio), height: String(CHART_HEIGHT * ratio), role: 'img', 'aria-label': label });
  canvas.style.width = `${CHART_WIDTH}px`;
  canvas.style.height = `${CHART_HEIGHT}px`;
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  g.scale(ratio, ratio);
  g.font = '9px sans-serif';
  for (const s of shapes) {
    const colour = s.colour === 'axis' ? '#bbb' : css(CHART_RGB[s.colour]);
    g.fillStyle = colour;
    if (s.kind === 'rect') g.fillRect(s.x, s.y, s.w, s.h);
    else if (s.kind === 'dot') {
      g.beginPath();
      g.arc(s.x, s.y, s.r, 0, 2 * Math.PI);
      g.fill();
    } else g.fillText(s.text, s.x, s.y);
  }
  return canvas;
}
