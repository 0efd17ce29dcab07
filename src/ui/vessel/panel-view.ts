/**
 * How the CPR and cross-section panels are framed: a scale bar in mm on each (as on the MPR views), and a CPR
 * that opens fitted to its width (the vessel and the ~40 mm around it fill the panel, centred on the cursor)
 * instead of the whole length squeezed into the panel height.
 */
import { Enums } from '@cornerstonejs/core';
import type { Lang } from '../../i18n/index.ts';
import { drawScaleBar, viewMmPerPx } from '../../viewer/scale-bar.ts';
import type { ImagePanel } from '../../viewer/vessel/image-panel.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import { setParallelScale } from '../layout-fit.ts';

/** The CPR image as the panel shows it: columns across the vessel, rows along it (world mm = pixel × spacing). */
export interface CprFrame {
  readonly width: number;
  readonly height: number;
  readonly colSpacingMm: number;
  readonly rowSpacingMm: number;
}

/**
 * Camera that shows the CPR's full width in an element of `widthPx` × `heightPx`, centred along the vessel on
 * `centreRowMm` (clamped so the view stays on the image); undefined when the whole image already fits that way.
 */
export function cprWidthFit(img: CprFrame, widthPx: number, heightPx: number, centreRowMm: number): { parallelScale: number; focalPoint: [number, number, number] } | undefined {
  if (!(widthPx > 0 && heightPx > 0)) return undefined;
  const widthMm = img.width * img.colSpacingMm, lengthMm = img.height * img.rowSpacingMm;
  const aspect = widthPx / heightPx;
  const scale = widthMm / 2 / aspect; // half the visible length (mm) when the width fills the panel
  if (scale * 2 >= lengthMm) return undefined;
  // pixel centres run from 0 to (n − 1) × spacing in world mm
  const xMm = ((img.width - 1) * img.colSpacingMm) / 2;
  const lo = scale - img.rowSpacingMm / 2, hi = lengthMm - scale - img.rowSpacingMm / 2;
  return { parallelScale: scale, focalPoint: [xMm, Math.min(hi, Math.max(lo, centreRowMm)), 0] };
}

function scaleBar(panel: ImagePanel, testid: string): HTMLElement {
  const overlay = document.createElement('div');
  overlay.className = 'overlay panel-scale';
  const bar = document.createElement('div');
  bar.className = 'ov-scale-bar';
  bar.dataset.testid = testid;
  bar.hidden = true;
  overlay.append(bar);
  panel.element.append(overlay);
  return bar;
}

export function mountPanelView(c: VesselController, lang: () => Lang): { redraw(): void; destroy(): void } {
  const panels: [ImagePanel, HTMLElement][] = [[c.cpr, scaleBar(c.cpr, 'cpr-scale-bar')], [c.section, scaleBar(c.section, 'section-scale-bar')]];
  const cleanups: (() => void)[] = [];
  let frame = 0;
  const draw = () => {
    frame = 0;
    for (const [p, bar] of panels) {
      if (!p.hasImage()) { bar.hidden = true; continue; }
      drawScaleBar(bar, viewMmPerPx(p.viewport()), p.element.clientWidth, lang());
    }
  };
  const redraw = () => { if (!frame) frame = requestAnimationFrame(draw); };
  for (const [p] of panels) {
    for (const type of [Enums.Events.CAMERA_MODIFIED, Enums.Events.IMAGE_RENDERED]) {
      p.element.addEventListener(type, redraw);
      cleanups.push(() => p.element.removeEventListener(type, redraw));
    }
  }
  // a CPR of another shape (another vessel, the other mode) opens fitted to its width; a rotation keeps the camera
  let fittedKey = '';
  cleanups.push(c.onChange((kind) => {
    if (kind !== 'cpr') return;
    const r = c.state.lastCpr;
    if (!r || !c.cpr.hasImage()) return;
    const key = `${c.selected()?.id}|${c.state.mode}|${r.width}x${r.height}`;
    if (key === fittedKey) return;
    fittedKey = key;
    const a = c.selected() ? c.display(c.selected()!.id)?.analysis : undefined;
    const sMm = a?.profile[c.state.cursorIndex]?.sMm ?? 0;
    const row = r.rowArcMm.findIndex((s) => s >= sMm);
    const fit = cprWidthFit(r, c.cpr.element.clientWidth, c.cpr.element.clientHeight, Math.max(0, row) * r.rowSpacingMm);
    if (!fit) return;
    const vp = c.cpr.viewport();
    const cam = vp.getCamera();
    const f = cam.focalPoint, p = cam.position;
    if (!f || !p) return;
    const d: [number, number, number] = [fit.focalPoint[0] - f[0], fit.focalPoint[1] - f[1], fit.focalPoint[2] - f[2]];
    setParallelScale(vp, fit.parallelScale, { focalPoint: fit.focalPoint, position: [p[0] + d[0], p[1] + d[1], p[2] + d[2]] });
    vp.render();
  }));
  return {
    redraw,
    destroy() {
      cancelAnimationFrame(frame);
      for (const f of cleanups) f();
      for (const [, bar] of panels) bar.parentElement?.remove();
    },
  };
}
