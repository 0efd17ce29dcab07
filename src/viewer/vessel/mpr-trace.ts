/**
 * The vessels on the MPR views: centrelines and points drawn on an SVG layer over each view, and the
 * "trace a vessel" mode (click the ostium, then the distal end; more clicks add waypoints; drag a point to
 * move it; Esc cancels). Mouse events are taken in the capture phase so the MPR tools do not see them.
 */
import { Enums, type Types } from '@cornerstonejs/core';
import type { Mpr, MprViewId } from '../mpr.ts';
import { MPR_VIEW_IDS } from '../mpr.ts';
import type { Lps } from '../../volume/volume.ts';

export interface DrawnVessel {
  readonly id: string;
  readonly selected: boolean;
  readonly pointsLps: readonly Lps[];
  /** flat LPS (x, y, z, …) or undefined before the centreline exists */
  readonly centrelineLps: ArrayLike<number> | undefined;
  /** a found vessel not yet accepted: drawn dashed */
  readonly proposed?: boolean;
  /** the vessel's name in the reader's words, written at its distal end */
  readonly label?: string;
}

export interface MprTraceCallbacks {
  /** a click in trace mode at `lps` (not on an existing point) */
  click(lps: Lps): void;
  /** true when the next click starts a new vessel: a click on an existing point then starts it there
   *  (a LAD ostium on the LM's first point) instead of dragging that point */
  startsNewVessel(): boolean;
  /** point `index` of vessel `id` dragged to `lps` (on release) */
  moved(id: string, index: number, lps: Lps): void;
  cancel(): void;
  /** vessels to draw, the cursor point */
  vessels(): readonly DrawnVessel[];
  cursorLps(): Lps | undefined;
}

export interface MprTrace {
  setActive(on: boolean): void;
  readonly active: boolean;
  redraw(): void;
  destroy(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the trace layer keeps: the MPR, its views' elements and SVG layers, the mode and a point being dragged. */
interface TraceCtx {
  readonly mpr: Mpr;
  readonly elements: Readonly<Record<MprViewId, HTMLDivElement>>;
  readonly cb: MprTraceCallbacks;
  readonly layers: Record<MprViewId, SVGSVGElement>;
  readonly on: (t: EventTarget, type: string, fn: (e: Event) => void, capture?: boolean) => void;
  active: boolean;
  drag: { id: string; index: number; view: MprViewId; lps: Lps } | undefined;
}

const toCanvas = (ctx: TraceCtx, id: MprViewId, p: ArrayLike<number>, o = 0): [number, number] => {
  const c = ctx.mpr.viewport(id).worldToCanvas([p[o]!, p[o + 1]!, p[o + 2]!] as Types.Point3);
  return [c[0], c[1]];
};
const localXY = (ctx: TraceCtx, id: MprViewId, e: MouseEvent): [number, number] => {
  const r = ctx.elements[id].getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
};
const toWorld = (ctx: TraceCtx, id: MprViewId, xy: [number, number]): Lps => {
  const w = ctx.mpr.viewport(id).canvasToWorld(xy);
  return [w[0], w[1], w[2]];
};

/** SVG of the vessels (centreline every other point, the clicked points) and the cursor on one view. */
function viewSvg(ctx: TraceCtx, id: MprViewId): string {
  const parts: string[] = [];
  const { drag } = ctx;
  for (const v of ctx.cb.vessels()) {
    const colour = v.selected ? '#ffd000' : '#00d0ff';
    const cl = v.centrelineLps;
    if (cl && cl.length >= 6) {
      const pts: string[] = [];
      for (let o = 0; o < cl.length; o += 3 * 2) {
        const [x, y] = toCanvas(ctx, id, cl, o);
        pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      parts.push(`<polyline data-testid="mpr-centreline" data-vessel="${v.id}" points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="${v.selected ? 2 : 1.5}" stroke-opacity="0.85"${v.proposed ? ' stroke-dasharray="5 3"' : ''}/>`);
      if (v.label) {
        // the name beside the distal end, outlined in black to stay legible on bright contrast
        const [x, y] = toCanvas(ctx, id, cl, cl.length - 3);
        parts.push(`<text data-testid="mpr-vessel-label" x="${(x + 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" fill="${colour}" stroke="#000" stroke-width="3" paint-order="stroke" font-size="11" font-family="sans-serif">${escapeXml(v.label)}</text>`);
      }
    }
    v.pointsLps.forEach((p, i) => {
      const q = drag && drag.id === v.id && drag.index === i ? drag.lps : p;
      const [x, y] = toCanvas(ctx, id, q);
      parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${i === 0 ? 5 : 4}" fill="${i === 0 ? colour : 'none'}" stroke="${colour}" stroke-width="1.5"/>`);
    });
  }
  const c = ctx.cb.cursorLps();
  if (c) {
    const [x, y] = toCanvas(ctx, id, c);
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="none" stroke="#ff4de1" stroke-width="2"/>`);
  }
  return parts.join('');
}

function draw(ctx: TraceCtx): void {
  for (const id of MPR_VIEW_IDS) {
    const svg = ctx.layers[id];
    try {
      if (!ctx.mpr.viewport(id).getDefaultActor()) { svg.innerHTML = ''; continue; }
    } catch {
      continue;
    }
    svg.innerHTML = viewSvg(ctx, id);
  }
}

/** The selected vessel's point under `xy` on a view (7 px), if any. */
function hit(ctx: TraceCtx, id: MprViewId, xy: [number, number]): { id: string; index: number } | undefined {
  for (const v of ctx.cb.vessels()) {
    if (!v.selected) continue;
    for (let i = 0; i < v.pointsLps.length; i++) {
      const [x, y] = toCanvas(ctx, id, v.pointsLps[i]!);
      if (Math.hypot(x - xy[0], y - xy[1]) <= 7) return { id: v.id, index: i };
    }
  }
  return undefined;
}

/** The SVG layer over a view and its mouse input in trace mode (capture phase: the MPR tools do not see it). */
function bindView(ctx: TraceCtx, id: MprViewId, redraw: () => void): void {
  const el = ctx.elements[id];
  const host = el.parentElement!;
  if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'vessel-mpr-layer');
  svg.setAttribute('data-testid', `vessel-layer-${id}`);
  Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
  el.append(svg);
  ctx.layers[id] = svg;
  ctx.on(el, Enums.Events.CAMERA_MODIFIED, redraw);
  ctx.on(el, Enums.Events.IMAGE_RENDERED, redraw);
  ctx.on(host, 'mousedown', (e) => {
    const me = e as MouseEvent;
    if (!ctx.active || me.button !== 0 || !el.contains(me.target as Node)) return;
    me.stopPropagation();
    me.preventDefault();
    const xy = localXY(ctx, id, me);
    const h = ctx.cb.startsNewVessel() ? undefined : hit(ctx, id, xy);
    if (h) ctx.drag = { ...h, view: id, lps: toWorld(ctx, id, xy) };
    else ctx.cb.click(toWorld(ctx, id, xy));
  }, true);
  ctx.on(host, 'mousemove', (e) => {
    if (!ctx.active) return;
    if (ctx.drag && ctx.drag.view === id) {
      ctx.drag.lps = toWorld(ctx, id, localXY(ctx, id, e as MouseEvent));
      redraw();
    }
    e.stopPropagation();
  }, true);
}

export function createMprTrace(mpr: Mpr, elements: Readonly<Record<MprViewId, HTMLDivElement>>, cb: MprTraceCallbacks): MprTrace {
  const cleanups: (() => void)[] = [];
  const on = (t: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
    t.addEventListener(type, fn, capture);
    cleanups.push(() => t.removeEventListener(type, fn, capture));
  };
  const ctx: TraceCtx = { mpr, elements, cb, layers: {} as Record<MprViewId, SVGSVGElement>, on, active: false, drag: undefined };
  let frame = 0;
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(ctx); });
  };
  for (const id of MPR_VIEW_IDS) bindView(ctx, id, redraw);
  on(window, 'mouseup', () => {
    const d = ctx.drag;
    if (!d) return;
    ctx.drag = undefined;
    cb.moved(d.id, d.index, d.lps);
  });
  on(window, 'keydown', (e) => {
    if (ctx.active && (e as KeyboardEvent).key === 'Escape') cb.cancel();
  });
  return {
    setActive(v) {
      ctx.active = v;
      for (const id of MPR_VIEW_IDS) elements[id].style.cursor = v ? 'crosshair' : '';
    },
    get active() {
      return ctx.active;
    },
    redraw,
    destroy() {
      for (const c of cleanups) c();
      for (const id of MPR_VIEW_IDS) ctx.layers[id].remove();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
