/**
 * The traced centrelines in the 3D view when it is on (src/viewer/view3d.ts, viewport VIEW3D_ID on the MPR
 * rendering engine): a polyline per visible vessel (selected magenta, others cyan) projected through the 3D
 * camera and drawn over the view after every render and camera change, like the MPR views' centrelines.
 *
 * Not a vtk actor: a tube actor inside the volume rendering was hidden by the opaque tissue in front of it
 * (the cardiac preset renders the whole thorax), and under software GL (SwiftShader) the volume + geometry
 * render left the page unresponsive for minutes after switching 3D on (e2e, 2 cores under load); without the
 * actor the same view renders in seconds.
 */
import { Enums, eventTarget, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { VIEW3D_ID } from '../view3d.ts';

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

export function createCentreline3d(engine: RenderingEngine): Centreline3d {
  let lines: readonly Centreline3dLine[] = [];
  let layer: SVGSVGElement | undefined;
  let layerEl: HTMLDivElement | undefined;
  const viewport = (): Types.IVolumeViewport | undefined => {
    try {
      return engine.getViewport(VIEW3D_ID) as Types.IVolumeViewport | undefined;
    } catch {
      return undefined; // engine destroyed
    }
  };
  const draw = () => {
    const vp = viewport();
    if (!vp || !layer) return;
    layer.innerHTML = lines.map((l) => {
      const pts: string[] = [];
      const n = l.flatLps.length / 3;
      for (let q = 0; q < n; q = q + STRIDE < n || q === n - 1 ? q + STRIDE : n - 1) {
        const [x, y] = vp.worldToCanvas([l.flatLps[q * 3]!, l.flatLps[q * 3 + 1]!, l.flatLps[q * 3 + 2]!]);
        if (Number.isFinite(x) && Number.isFinite(y)) pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      return `<polyline data-selected="${l.selected}" points="${pts.join(' ')}" fill="none" stroke="${l.selected ? '#ff28dc' : '#28dcff'}" stroke-width="${l.selected ? 3 : 2}" stroke-linejoin="round"/>`;
    }).join('');
  };
  const unlisten = () => {
    layerEl?.removeEventListener(Enums.Events.IMAGE_RENDERED, draw);
    layerEl?.removeEventListener(Enums.Events.CAMERA_MODIFIED, draw);
  };
  const attach = () => {
    const vp = viewport();
    if (!vp) { layer?.remove(); return; } // 3D off
    const el = vp.element;
    if (!layer || layerEl !== el || !el.contains(layer)) {
      layer?.remove();
      unlisten();
      layer = document.createElementNS(SVG, 'svg');
      layer.dataset.testid = 'view3d-centrelines';
      Object.assign(layer.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
      if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
      el.append(layer);
      layerEl = el;
      el.addEventListener(Enums.Events.IMAGE_RENDERED, draw);
      el.addEventListener(Enums.Events.CAMERA_MODIFIED, draw);
    }
    draw();
  };
  const onViewport = (e: Event) => {
    const id = (e as CustomEvent<{ viewportId?: string }>).detail?.viewportId;
    if (id === VIEW3D_ID) setTimeout(attach, 0); // after the viewport's own handlers
  };
  const events = [Enums.Events.ELEMENT_ENABLED, Enums.Events.ELEMENT_DISABLED, Enums.Events.VOLUME_VIEWPORT_NEW_VOLUME];
  for (const ev of events) eventTarget.addEventListener(ev, onViewport);
  return {
    setLines(next) {
      lines = next.filter((l) => l.flatLps.length >= 6);
      attach();
    },
    shown: () => !!viewport() && !!layer?.isConnected && lines.length > 0,
    destroy() {
      for (const ev of events) eventTarget.removeEventListener(ev, onViewport);
      unlisten();
      layer?.remove();
    },
  };
}
