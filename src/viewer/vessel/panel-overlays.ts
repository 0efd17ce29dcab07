/**
 * What is drawn over the CPR and cross-section viewports, and their mouse/keyboard input in 'cursor' mode:
 * CPR — horizontal drag rotates, a click puts the cursor on a row, ←/→ rotate by 5°, ↑/↓ move the cursor;
 * cross-section — the lumen contour (and outer wall) with draggable points.
 */
import { Enums } from '@cornerstonejs/core';
import { contourPointsLps, nearestPoint, moveContourPoint, sectionFrameOf, type SectionFrame } from '../../vessel/contour.ts';
import { moveBorder, vesselSpans } from '../../study/segments.ts';
import { dragAngleDeg, nearestIndex } from '../../study/vessel-view.ts';
import type { VesselController } from './vessel-controller.ts';

const SVG = 'http://www.w3.org/2000/svg';

function layer(el: HTMLElement, testid: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.dataset.testid = testid;
  Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
  el.append(svg);
  return svg;
}

export interface SectionContours {
  frame: SectionFrame;
  /** lumen radii (edited first) and the worker's */
  radii: Float32Array;
  original: Float32Array;
  /** outer wall radii (edited first; NaN rays where not measurable) and the worker's */
  outer: Float32Array;
  originalOuter: Float32Array;
  edited: boolean;
}

/** Section frame (centre, N, B) and contours of section q of the selected vessel, edited contours first. */
export function sectionContour(c: VesselController, q: number): SectionContours | undefined {
  const v = c.selected();
  const d = v ? c.display(v.id) : undefined;
  const t = d?.traced, a = d?.analysis;
  if (!d || !t || !a || q < 0 || q >= a.profile.length) return undefined;
  const R = t.rays;
  const original = t.radiiMm.subarray(q * R, (q + 1) * R), originalOuter = t.outerMm.subarray(q * R, (q + 1) * R);
  const lumen = d.edits.lumen.get(q), outer = d.edits.outer.get(q);
  return { frame: sectionFrameOf(a, t, q), radii: lumen ?? original, original, outer: outer ?? originalOuter, originalOuter, edited: !!(lumen || outer) };
}

/** What the overlays share: the controller, the two layers, the input mode and a border being dragged. */
interface OverlayCtx {
  readonly c: VesselController;
  readonly cprSvg: SVGSVGElement;
  readonly xsSvg: SVGSVGElement;
  readonly on: (t: EventTarget, type: string, fn: (e: Event) => void, capture?: boolean) => void;
  readonly isCursorTool: () => boolean;
  readonly redraw: () => void;
  /** a segment border dragged along the CPR (index, arc length mm) */
  segDrag: { i: number; sMm: number } | undefined;
}

const local = (el: HTMLElement, e: MouseEvent): [number, number] => {
  const r = el.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
};
const analysisOf = (c: VesselController) => {
  const v = c.selected();
  return v ? c.display(v.id)?.analysis : undefined;
};

/** The CPR row of the cursor. */
function cursorRow(c: VesselController): number | undefined {
  const r = c.state.lastCpr;
  if (!r) return undefined;
  const s = analysisOf(c)?.profile[c.state.cursorIndex]?.sMm ?? c.state.cursorIndex * 0.25;
  return nearestIndex(r.rowArcMm, s);
}

/** Canvas points of the lumen and outer contours, each with its ray (outer rays without a wall are left out). */
function xsPointsPx(c: VesselController, which: 'lumen' | 'outer'): { px: [number, number]; ray: number }[] {
  const sc = c.state.sectionIndex === undefined ? undefined : sectionContour(c, c.state.sectionIndex);
  if (!sc || !c.section.hasImage()) return [];
  const radii = which === 'lumen' ? sc.radii : sc.outer;
  const rays = [...radii.keys()].filter((r) => Number.isFinite(radii[r]!));
  return contourPointsLps(radii, sc.frame).map((p, i) => ({ px: c.section.toCanvas(c.sectionToImage(p)), ray: rays[i]! }));
}

/** The selected vessel's SCCT segments (named vessels only). */
function segmentsOf(c: VesselController) {
  const v = c.selected();
  const a = analysisOf(c);
  return v?.name && a ? { v, lengthMm: a.centreline.lengthMm, spans: vesselSpans(v.name, a.centreline.lengthMm, v.segmentBoundariesMm, v.segmentLandmarksMm) } : undefined;
}

/** Canvas rows of the segment borders across the CPR (the dragged one where it is being dragged). */
function borderYs(o: OverlayCtx): { i: number; y: number; label: number }[] {
  const { c } = o;
  const r = c.state.lastCpr, sg = segmentsOf(c);
  if (!r || !sg || !c.cpr.hasImage()) return [];
  return sg.spans.slice(0, -1).map((sp, i) => {
    const sMm = o.segDrag?.i === i ? o.segDrag.sMm : sp.endMm;
    return { i, y: c.cpr.toCanvas([0, nearestIndex(r.rowArcMm, sMm) * r.rowSpacingMm, 0])[1], label: sg.spans[i + 1]!.segment };
  });
}

function draw(o: OverlayCtx): void {
  const { c } = o;
  const r = c.state.lastCpr;
  const row = cursorRow(c);
  if (r && row !== undefined && c.cpr.hasImage()) {
    const [, y] = c.cpr.toCanvas([0, row * r.rowSpacingMm, 0]);
    const [x] = c.cpr.toCanvas([r.rowCentreColumn[row]! * r.colSpacingMm, 0, 0]);
    o.cprSvg.innerHTML = `<line x1="0" x2="100%" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ff4de1" stroke-width="1" stroke-dasharray="6 4"/>`
      + `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="none" stroke="#ff4de1" stroke-width="1.5"/>`
      + borderYs(o).map((b) => `<line data-testid="cpr-segment-border" data-border="${b.i}" x1="0" x2="100%" y1="${b.y.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="#fff" stroke-opacity="${o.segDrag?.i === b.i ? 1 : 0.6}" stroke-width="1" stroke-dasharray="2 4"/>`
        + `<text x="4" y="${(b.y + 12).toFixed(1)}" fill="#fff" font-size="11">${b.label}</text>`).join('');
  } else o.cprSvg.innerHTML = '';
  const sc = c.state.sectionIndex === undefined ? undefined : sectionContour(c, c.state.sectionIndex);
  if (sc && c.section.hasImage()) {
    const pts = xsPointsPx(c, 'lumen').map((p) => p.px);
    const outer = xsPointsPx(c, 'outer').map((p) => p.px);
    const poly = (ps: [number, number][]) => ps.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    // the outer wall where measured (dashed orange, its points draggable like the lumen's)
    o.xsSvg.innerHTML = (outer.length > 2 ? `<polygon data-testid="outer-contour" points="${poly(outer)}" fill="none" stroke="#ffa040" stroke-width="1" stroke-dasharray="3 3"/>`
      + outer.map(([x, y]) => `<circle data-kind="outer" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2" fill="#ffa040"/>`).join('') : '')
      + `<polygon data-testid="lumen-contour" points="${poly(pts)}" fill="none" stroke="#40ff80" stroke-width="1.5"/>`
      + pts.map(([x, y]) => `<circle data-kind="lumen" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.5" fill="#40ff80"/>`).join('');
  } else o.xsSvg.innerHTML = '';
}

/** Arc length (mm) of the CPR row at canvas height y. */
function arcAtY(c: VesselController, y: number): number | undefined {
  const r = c.state.lastCpr;
  if (!r || !c.cpr.hasImage()) return undefined;
  const row = Math.max(0, Math.min(r.height - 1, Math.round(c.cpr.toWorld(0, y)[1] / r.rowSpacingMm)));
  return r.rowArcMm[row];
}

/** CPR: a segment border dragged along the vessel, a horizontal drag rotates, a click puts the cursor on a row. */
function bindCprInput(o: OverlayCtx): void {
  const { c, on } = o;
  const cprEl = c.cpr.element;
  let cprDrag: { x: number; y: number; startDeg: number; moved: boolean } | undefined;
  on(cprEl, 'mousedown', (e) => {
    const me = e as MouseEvent;
    if (me.button !== 0 || !o.isCursorTool()) return;
    me.stopImmediatePropagation();
    me.preventDefault();
    cprEl.focus({ preventScroll: true });
    const [x, y] = local(cprEl, me);
    const b = borderYs(o).find((bd) => Math.abs(bd.y - y) <= 5);
    const sg = segmentsOf(c);
    if (b && sg) { o.segDrag = { i: b.i, sMm: sg.spans[b.i]!.endMm }; return; }
    cprDrag = { x, y, startDeg: c.state.angleDeg, moved: false };
  }, true);
  on(window, 'mousemove', (e) => {
    if (o.segDrag) {
      const s = arcAtY(c, local(cprEl, e as MouseEvent)[1]);
      if (s !== undefined) { o.segDrag = { i: o.segDrag.i, sMm: s }; o.redraw(); }
    }
    if (!cprDrag) return;
    const [x] = local(cprEl, e as MouseEvent);
    if (Math.abs(x - cprDrag.x) > 2) cprDrag.moved = true;
    if (cprDrag.moved) c.setAngle(dragAngleDeg(cprDrag.startDeg, x - cprDrag.x));
  });
  on(window, 'mouseup', () => {
    const d = o.segDrag, sg = segmentsOf(c);
    o.segDrag = undefined;
    if (d && sg) {
      c.store.moveBorders(sg.v.id, moveBorder(sg.spans.slice(0, -1).map((sp) => sp.endMm), d.i, d.sMm, sg.lengthMm));
      c.segmentsChanged();
    }
    const cd = cprDrag;
    cprDrag = undefined;
    const r = c.state.lastCpr;
    if (!cd || cd.moved || !r || !c.cpr.hasImage()) return;
    const row = Math.max(0, Math.min(r.height - 1, Math.round(c.cpr.toWorld(cd.x, cd.y)[1] / r.rowSpacingMm)));
    const a = analysisOf(c);
    const s = r.rowArcMm[row]!;
    c.setCursor(a ? nearestIndex(a.profile.map((p) => p.sMm), s) : Math.round(s / 0.25));
  });
  cprEl.tabIndex = 0;
  on(cprEl, 'keydown', (e) => {
    const k = (e as KeyboardEvent).key;
    if (k === 'ArrowLeft' || k === 'ArrowRight') c.setAngle(c.state.angleDeg + (k === 'ArrowLeft' ? -5 : 5));
    else if (k === 'ArrowUp' || k === 'ArrowDown') c.setCursor(c.state.cursorIndex + (k === 'ArrowUp' ? -4 : 4));
    else return;
    e.preventDefault();
  });
}

/** Cross-section: drag lumen or outer wall points (the nearer one; the lumen wins a tie). */
function bindSectionInput(o: OverlayCtx): void {
  const { c, on } = o;
  const xsEl = c.section.element;
  let xsDrag: { ray: number; which: 'lumen' | 'outer' } | undefined;
  on(xsEl, 'mousedown', (e) => {
    const me = e as MouseEvent;
    if (me.button !== 0 || !o.isCursorTool()) return;
    const [x, y] = local(xsEl, me);
    const lumen = xsPointsPx(c, 'lumen'), outer = xsPointsPx(c, 'outer');
    const i = nearestPoint(lumen.map((p) => p.px), x, y, 8), j = nearestPoint(outer.map((p) => p.px), x, y, 8);
    const dist = (p: [number, number] | undefined) => (p ? Math.hypot(p[0] - x, p[1] - y) : Infinity);
    if (i < 0 && j < 0) return;
    me.stopImmediatePropagation();
    me.preventDefault();
    xsDrag = i >= 0 && dist(lumen[i]?.px) <= dist(outer[j]?.px) ? { ray: lumen[i]!.ray, which: 'lumen' } : { ray: outer[j]!.ray, which: 'outer' };
  }, true);
  on(window, 'mousemove', (e) => {
    if (xsDrag === undefined || c.state.sectionIndex === undefined) return;
    const q = c.state.sectionIndex;
    const sc = sectionContour(c, q);
    if (!sc) return;
    const [x, y] = local(xsEl, e as MouseEvent);
    const radii = xsDrag.which === 'lumen' ? sc.radii : sc.outer;
    c.editContour(q, moveContourPoint(radii, xsDrag.ray, c.sectionToLps(c.section.toWorld(x, y)), sc.frame), xsDrag.which);
  });
  on(window, 'mouseup', () => { xsDrag = undefined; });
}

export function createPanelOverlays(c: VesselController, isCursorTool: () => boolean): { redraw(): void; destroy(): void } {
  const cleanups: (() => void)[] = [];
  const on = (t: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
    t.addEventListener(type, fn, capture);
    cleanups.push(() => t.removeEventListener(type, fn, capture));
  };
  let frame = 0;
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(o); });
  };
  const o: OverlayCtx = { c, cprSvg: layer(c.cpr.element, 'cpr-layer'), xsSvg: layer(c.section.element, 'section-layer'), on, isCursorTool, redraw, segDrag: undefined };
  for (const el of [c.cpr.element, c.section.element]) {
    on(el, Enums.Events.CAMERA_MODIFIED, redraw);
    on(el, Enums.Events.IMAGE_RENDERED, redraw);
  }
  cleanups.push(c.onChange(redraw));
  bindCprInput(o);
  bindSectionInput(o);
  return {
    redraw,
    destroy() {
      for (const f of cleanups) f();
      o.cprSvg.remove();
      o.xsSvg.remove();
    },
  };
}
