/**
 * What is drawn over the CPR and cross-section viewports, and their mouse/keyboard input in 'cursor' mode:
 * CPR — horizontal drag rotates, a click puts the cursor on a row, ←/→ rotate by 5°, ↑/↓ move the cursor;
 * cross-section — the lumen contour (and outer wall) with draggable points.
 */
import { Enums } from '@cornerstonejs/core';
import { contourPointsLps, nearestPoint, moveContourPoint, type SectionFrame } from './contour.ts';
import { dragAngleDeg, nearestIndex } from './view-state.ts';
import type { VesselController } from './vessel-controller.ts';

const SVG = 'http://www.w3.org/2000/svg';

function layer(el: HTMLElement, testid: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.dataset.testid = testid;
  Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
  el.append(svg);
  return svg;
}

/** Section frame (centre, N, B) and radii of section q of the selected vessel, edited radii first. */
export function sectionContour(c: VesselController, q: number): { frame: SectionFrame; radii: Float32Array; original: Float32Array; outer: Float32Array } | undefined {
  const v = c.selected();
  const d = v ? c.display(v.id) : undefined;
  const t = d?.traced, a = d?.analysis;
  if (!d || !t || !a || q < 0 || q >= a.profile.length) return undefined;
  const R = t.rays;
  const p = a.centreline.pointsLps[q]!;
  const frame: SectionFrame = {
    centreLps: p,
    n: [t.frameN[q * 3]!, t.frameN[q * 3 + 1]!, t.frameN[q * 3 + 2]!],
    b: [t.frameB[q * 3]!, t.frameB[q * 3 + 1]!, t.frameB[q * 3 + 2]!],
  };
  const original = t.radiiMm.subarray(q * R, (q + 1) * R);
  return { frame, radii: d.editedRadii.get(q) ?? original, original, outer: t.outerMm.subarray(q * R, (q + 1) * R) };
}

export function createPanelOverlays(c: VesselController, isCursorTool: () => boolean): { redraw(): void; destroy(): void } {
  const cprEl = c.cpr.element, xsEl = c.section.element;
  const cprSvg = layer(cprEl, 'cpr-layer'), xsSvg = layer(xsEl, 'section-layer');
  const cleanups: (() => void)[] = [];
  const on = (t: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
    t.addEventListener(type, fn, capture);
    cleanups.push(() => t.removeEventListener(type, fn, capture));
  };
  let frame = 0;
  const local = (el: HTMLElement, e: MouseEvent): [number, number] => {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const cursorRow = (): number | undefined => {
    const r = c.state.lastCpr;
    const v = c.selected();
    const a = v ? c.display(v.id)?.analysis : undefined;
    if (!r) return undefined;
    const s = a?.profile[c.state.cursorIndex]?.sMm ?? c.state.cursorIndex * 0.25;
    return nearestIndex(r.rowArcMm, s);
  };
  const xsPointsPx = (): [number, number][] => {
    const sc = c.state.sectionIndex === undefined ? undefined : sectionContour(c, c.state.sectionIndex);
    if (!sc || !c.section.hasImage()) return [];
    return contourPointsLps(sc.radii, sc.frame).map((p) => c.section.toCanvas(c.sectionToImage(p)));
  };
  const draw = () => {
    frame = 0;
    const r = c.state.lastCpr;
    const row = cursorRow();
    if (r && row !== undefined && c.cpr.hasImage()) {
      const [, y] = c.cpr.toCanvas([0, row * r.rowSpacingMm, 0]);
      const [x] = c.cpr.toCanvas([r.rowCentreColumn[row]! * r.colSpacingMm, 0, 0]);
      cprSvg.innerHTML = `<line x1="0" x2="100%" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ff4de1" stroke-width="1" stroke-dasharray="6 4"/>`
        + `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="none" stroke="#ff4de1" stroke-width="1.5"/>`;
    } else cprSvg.innerHTML = '';
    const sc = c.state.sectionIndex === undefined ? undefined : sectionContour(c, c.state.sectionIndex);
    if (sc && c.section.hasImage()) {
      const pts = contourPointsLps(sc.radii, sc.frame).map((p) => c.section.toCanvas(c.sectionToImage(p)));
      const outer = contourPointsLps(sc.outer, sc.frame).map((p) => c.section.toCanvas(c.sectionToImage(p)));
      const poly = (ps: [number, number][]) => ps.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
      xsSvg.innerHTML = (outer.length > 2 ? `<polygon data-testid="outer-contour" points="${poly(outer)}" fill="none" stroke="#ffa040" stroke-width="1" stroke-dasharray="3 3"/>` : '')
        + `<polygon data-testid="lumen-contour" points="${poly(pts)}" fill="none" stroke="#40ff80" stroke-width="1.5"/>`
        + pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.5" fill="#40ff80"/>`).join('');
    } else xsSvg.innerHTML = '';
  };
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  for (const el of [cprEl, xsEl]) {
    on(el, Enums.Events.CAMERA_MODIFIED, redraw);
    on(el, Enums.Events.IMAGE_RENDERED, redraw);
  }
  cleanups.push(c.onChange(redraw));

  // CPR: drag to rotate, click for the cursor
  let cprDrag: { x: number; y: number; startDeg: number; moved: boolean } | undefined;
  on(cprEl, 'mousedown', (e) => {
    const me = e as MouseEvent;
    if (me.button !== 0 || !isCursorTool()) return;
    me.stopImmediatePropagation();
    me.preventDefault();
    cprEl.focus({ preventScroll: true });
    const [x, y] = local(cprEl, me);
    cprDrag = { x, y, startDeg: c.state.angleDeg, moved: false };
  }, true);
  on(window, 'mousemove', (e) => {
    if (!cprDrag) return;
    const [x] = local(cprEl, e as MouseEvent);
    if (Math.abs(x - cprDrag.x) > 2) cprDrag.moved = true;
    if (cprDrag.moved) c.setAngle(dragAngleDeg(cprDrag.startDeg, x - cprDrag.x));
  });
  on(window, 'mouseup', () => {
    const d = cprDrag;
    cprDrag = undefined;
    const r = c.state.lastCpr;
    if (!d || d.moved || !r || !c.cpr.hasImage()) return;
    const w = c.cpr.toWorld(d.x, d.y);
    const row = Math.max(0, Math.min(r.height - 1, Math.round(w[1] / r.rowSpacingMm)));
    const v = c.selected();
    const a = v ? c.display(v.id)?.analysis : undefined;
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

  // cross-section: drag contour points
  let xsDrag: number | undefined;
  on(xsEl, 'mousedown', (e) => {
    const me = e as MouseEvent;
    if (me.button !== 0 || !isCursorTool()) return;
    const [x, y] = local(xsEl, me);
    const i = nearestPoint(xsPointsPx(), x, y, 8);
    if (i < 0) return;
    me.stopImmediatePropagation();
    me.preventDefault();
    xsDrag = i;
  }, true);
  on(window, 'mousemove', (e) => {
    if (xsDrag === undefined || c.state.sectionIndex === undefined) return;
    const q = c.state.sectionIndex;
    const sc = sectionContour(c, q);
    if (!sc) return;
    const [x, y] = local(xsEl, e as MouseEvent);
    c.editContour(q, moveContourPoint(sc.radii, xsDrag, c.sectionToLps(c.section.toWorld(x, y)), sc.frame));
  });
  on(window, 'mouseup', () => { xsDrag = undefined; });

  return {
    redraw,
    destroy() {
      for (const f of cleanups) f();
      cprSvg.remove();
      xsSvg.remove();
    },
  };
}
