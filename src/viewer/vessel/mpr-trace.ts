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

export function createMprTrace(mpr: Mpr, elements: Readonly<Record<MprViewId, HTMLDivElement>>, cb: MprTraceCallbacks): MprTrace {
  let active = false;
  let drag: { id: string; index: number; view: MprViewId; lps: Lps } | undefined;
  let frame = 0;
  const layers = {} as Record<MprViewId, SVGSVGElement>;
  const cleanups: (() => void)[] = [];
  const on = (t: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
    t.addEventListener(type, fn, capture);
    cleanups.push(() => t.removeEventListener(type, fn, capture));
  };
  const toCanvas = (id: MprViewId, p: ArrayLike<number>, o = 0): [number, number] => {
    const c = mpr.viewport(id).worldToCanvas([p[o]!, p[o + 1]!, p[o + 2]!] as Types.Point3);
    return [c[0], c[1]];
  };
  const localXY = (id: MprViewId, e: MouseEvent): [number, number] => {
    const r = elements[id].getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const toWorld = (id: MprViewId, xy: [number, number]): Lps => {
    const w = mpr.viewport(id).canvasToWorld(xy);
    return [w[0], w[1], w[2]];
  };

  const draw = () => {
    frame = 0;
    for (const id of MPR_VIEW_IDS) {
      const svg = layers[id];
      const parts: string[] = [];
      let vp: Types.IVolumeViewport;
      try {
        vp = mpr.viewport(id);
        if (!vp.getDefaultActor()) { svg.innerHTML = ''; continue; }
      } catch {
        continue;
      }
      for (const v of cb.vessels()) {
        const colour = v.selected ? '#ffd000' : '#00d0ff';
        const cl = v.centrelineLps;
        if (cl && cl.length >= 6) {
          const pts: string[] = [];
          for (let o = 0; o < cl.length; o += 3 * 2) {
            const [x, y] = toCanvas(id, cl, o);
            pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
          }
          parts.push(`<polyline data-testid="mpr-centreline" data-vessel="${v.id}" points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="${v.selected ? 2 : 1.5}" stroke-opacity="0.85"/>`);
        }
        v.pointsLps.forEach((p, i) => {
          const q = drag && drag.id === v.id && drag.index === i ? drag.lps : p;
          const [x, y] = toCanvas(id, q);
          parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${i === 0 ? 5 : 4}" fill="${i === 0 ? colour : 'none'}" stroke="${colour}" stroke-width="1.5"/>`);
        });
      }
      const c = cb.cursorLps();
      if (c) {
        const [x, y] = toCanvas(id, c);
        parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="none" stroke="#ff4de1" stroke-width="2"/>`);
      }
      svg.innerHTML = parts.join('');
    }
  };
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  const hit = (id: MprViewId, xy: [number, number]): { id: string; index: number } | undefined => {
    for (const v of cb.vessels()) {
      if (!v.selected) continue;
      for (let i = 0; i < v.pointsLps.length; i++) {
        const [x, y] = toCanvas(id, v.pointsLps[i]!);
        if (Math.hypot(x - xy[0], y - xy[1]) <= 7) return { id: v.id, index: i };
      }
    }
    return undefined;
  };

  for (const id of MPR_VIEW_IDS) {
    const el = elements[id];
    const host = el.parentElement!;
    if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'vessel-mpr-layer');
    svg.setAttribute('data-testid', `vessel-layer-${id}`);
    Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
    el.append(svg);
    layers[id] = svg;
    on(el, Enums.Events.CAMERA_MODIFIED, redraw);
    on(el, Enums.Events.IMAGE_RENDERED, redraw);
    on(host, 'mousedown', (e) => {
      const me = e as MouseEvent;
      if (!active || me.button !== 0 || !el.contains(me.target as Node)) return;
      me.stopPropagation();
      me.preventDefault();
      const xy = localXY(id, me);
      const h = cb.startsNewVessel() ? undefined : hit(id, xy);
      if (h) drag = { ...h, view: id, lps: toWorld(id, xy) };
      else cb.click(toWorld(id, xy));
    }, true);
    on(host, 'mousemove', (e) => {
      if (!active) return;
      if (drag && drag.view === id) {
        drag.lps = toWorld(id, localXY(id, e as MouseEvent));
        redraw();
      }
      e.stopPropagation();
    }, true);
  }
  on(window, 'mouseup', () => {
    if (!drag) return;
    const d = drag;
    drag = undefined;
    cb.moved(d.id, d.index, d.lps);
  });
  on(window, 'keydown', (e) => {
    if (active && (e as KeyboardEvent).key === 'Escape') cb.cancel();
  });

  return {
    setActive(v) {
      active = v;
      for (const id of MPR_VIEW_IDS) elements[id].style.cursor = v ? 'crosshair' : '';
    },
    get active() {
      return active;
    },
    redraw,
    destroy() {
      for (const c of cleanups) c();
      for (const id of MPR_VIEW_IDS) layers[id].remove();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
