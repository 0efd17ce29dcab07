/**
 * The traced centrelines in the 3D view when it is on (src/viewer/view3d.ts): a polyline per visible vessel
 * (selected magenta, others cyan) projected through the 3D camera of the image shown and drawn over it after
 * every image, like the MPR views' centrelines. An SVG layer, not part of the rendering: the worker's image is
 * redrawn only when the camera moves.
 */
import type { View3d } from '../view3d.ts';
export interface Centreline3dLine {
  /** flat LPS, 3 per point */
  readonly flatLps: Float32Array;
  readonly selected: boolean;
}

export interface Centreline3d {
  /** the lines to show (replaces the previous ones) */
  setLines(lines: readonly Centreline3dLine[]): void;
  /** true while lines are drawn over an enabled 3D view */
  shown(): boolean;
  destroy(): void;
}

/** every nth centreline point (0.25 mm apart) is enough for the line */
const STRIDE = 4;
const SVG = 'http://www.w3.org/2000/svg';

export function createCentreline3d(view: View3d): Centreline3d {
  let lines: readonly Centreline3dLine[] = [];
  let layer: SVGSVGElement | undefined;
  const draw = () => {
    if (!layer) return;
    layer.innerHTML = lines.map((l) => {
      const pts: string[] = [];
      const n = l.flatLps.length / 3;
      for (let q = 0; q < n; q = q + STRIDE < n || q === n - 1 ? q + STRIDE : n - 1) {
        const p = view.project([l.flatLps[q * 3]!, l.flatLps[q * 3 + 1]!, l.flatLps[q * 3 + 2]!]);
        if (!p) continue;
        const [x, y] = p;
        if (Number.isFinite(x) && Number.isFinite(y)) pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      return `<polyline data-selected="${l.selected}" points="${pts.join(' ')}" fill="none" stroke="${l.selected ? '#ff28dc' : '#28dcff'}" stroke-width="${l.selected ? 3 : 2}" stroke-linejoin="round"/>`;
    }).join('');
  };
  const attach = () => {
    const shows = view.enabled && view.project([0, 0, 0]) !== undefined;
    if (!shows) { layer?.remove(); layer = undefined; return; }
    const el = view.element;
    if (!layer || !el.contains(layer)) {
      layer?.remove();
      layer = document.createElementNS(SVG, 'svg');
      layer.dataset.testid = 'view3d-centrelines';
      Object.assign(layer.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
      if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
      el.append(layer);
    }
    draw();
  };
  const unsubscribe = view.onChange(attach);
  return {
    setLines(next) {
      lines = next.filter((l) => l.flatLps.length >= 6);
      attach();
    },
    shown: () => view.enabled && !!layer?.isConnected && lines.length > 0,
    destroy() {
      unsubscribe();
      layer?.remove();
    },
  };
}
