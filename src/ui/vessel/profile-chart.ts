/**
 * Lumen profile chart (uPlot): area and equivalent diameter against arc length, the reference diameter,
 * lesions shaded, a vertical cursor; hovering reports the section index under the mouse.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { VesselAnalysis } from '../../vessel/analyse.ts';
import type { SegmentSpan } from '../../report/segments.ts';

export interface ProfileChart {
  setData(a: VesselAnalysis | undefined, labels: { area: string; diameter: string; reference: string; s: string }): void;
  /** SCCT segments drawn over the chart, their inner borders draggable */
  setSegments(spans: readonly SegmentSpan[] | undefined): void;
  setCursor(index: number): void;
  resize(width: number, height: number): void;
  destroy(): void;
}

/** A border dragged on the chart: border i (between spans i and i+1) released at sMm. */
export type BorderMoved = (i: number, sMm: number) => void;

const BORDER_GRAB_PX = 6;

type Labels = { area: string; diameter: string; reference: string; s: string };

/** What the chart draws over the curves, and the border being dragged. */
interface ChartState {
  analysis: VesselAnalysis | undefined;
  spans: readonly SegmentSpan[] | undefined;
  /** border being dragged and where it is (mm) */
  drag: { i: number; sMm: number } | undefined;
  cursorIndex: number;
  hovering: boolean;
}

const borderMm = (st: ChartState, i: number): number => (st.drag && st.drag.i === i ? st.drag.sMm : st.spans![i]!.endMm);

function verticalLine(u: uPlot, x: number): void {
  u.ctx.beginPath();
  u.ctx.moveTo(x, u.bbox.top);
  u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
  u.ctx.stroke();
}

/** The segments' numbers and their inner borders (dashed; the one dragged bright). */
function drawSegments(u: uPlot, st: ChartState, spans: readonly SegmentSpan[]): void {
  const ctx = u.ctx;
  ctx.font = `${Math.round(10 * devicePixelRatio)}px sans-serif`;
  ctx.fillStyle = '#ddd';
  spans.forEach((sp, i) => {
    const x0 = u.valToPos(i === 0 ? sp.startMm : borderMm(st, i - 1), 'x', true);
    ctx.fillText(String(sp.segment), x0 + 3 * devicePixelRatio, u.bbox.top + 11 * devicePixelRatio);
    if (i === spans.length - 1) return;
    ctx.strokeStyle = st.drag?.i === i ? '#fff' : 'rgba(255, 255, 255, 0.55)';
    ctx.lineWidth = st.drag?.i === i ? 2 : 1;
    ctx.setLineDash([4, 3]);
    verticalLine(u, u.valToPos(borderMm(st, i), 'x', true));
    ctx.setLineDash([]);
  });
}

/** Over the curves: the lesions shaded, the segments, the cursor. */
function drawOverlay(u: uPlot, st: ChartState, host: HTMLElement): void {
  const analysis = st.analysis;
  if (!analysis) return;
  const ctx = u.ctx;
  ctx.save();
  ctx.fillStyle = 'rgba(255, 80, 80, 0.18)';
  for (const l of analysis.lesions) {
    const x0 = u.valToPos(l.startSMm, 'x', true), x1 = u.valToPos(l.endSMm, 'x', true);
    ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
  }
  if (st.spans) drawSegments(u, st, st.spans);
  const s = analysis.profile[st.cursorIndex]?.sMm;
  // what the chart plots at the cursor (read by the e2e test: edited contours must reach the chart)
  host.dataset.cursorAreaMm2 = analysis.profile[st.cursorIndex]?.areaMm2.toFixed(3) ?? '';
  if (s !== undefined) {
    ctx.strokeStyle = '#ff4de1';
    ctx.lineWidth = 2;
    verticalLine(u, u.valToPos(s, 'x', true));
  }
  ctx.restore();
}

/** The chart's axes end at this multiple of the widest reference diameter (and its area). */
const PROFILE_CAP = 1.6;

/** Area on the left axis, diameters (equivalent, reference dashed) on the right, against arc length. */
function chartOptions(size: { width: number; height: number }, labels: Labels, hooks: uPlot.Hooks.Arrays, capD: number): uPlot.Options {
  const capped = (cap: number): uPlot.Scale.Range => (_u, _min, max) => [0, Number.isFinite(cap) && cap > 0 ? Math.min(max, cap) : max];
  return {
    ...size,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, area: { range: capped(Math.PI * (capD / 2) ** 2) }, d: { range: capped(capD) } },
    axes: [
      { label: labels.s, stroke: '#ccc', grid: { stroke: '#333' } },
      { scale: 'area', label: labels.area, stroke: '#6cf', grid: { stroke: '#333' } },
      { scale: 'd', side: 1, label: labels.diameter, stroke: '#fc6', grid: { show: false } },
    ],
    series: [
      { label: labels.s },
      { label: labels.area, scale: 'area', stroke: '#6cf', width: 1.5 },
      { label: labels.diameter, scale: 'd', stroke: '#fc6', width: 1.5 },
      { label: labels.reference, scale: 'd', stroke: '#9f9', width: 1, dash: [6, 4] },
    ],
    hooks,
  };
}

/** Segment borders: grab one within a few pixels, drag, release (the owner re-renders on release). */
function grabBorders(u: uPlot, st: ChartState, onBorderMoved: BorderMoved | undefined): void {
  const over = u.over;
  const xOf = (e: MouseEvent) => e.clientX - over.getBoundingClientRect().left;
  const near = (x: number): number => {
    if (!st.spans) return -1;
    let best = -1, bestD = BORDER_GRAB_PX;
    for (let i = 0; i + 1 < st.spans.length; i++) {
      const d = Math.abs(u.valToPos(st.spans[i]!.endMm, 'x') - x);
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  };
  over.addEventListener('mousemove', (e) => {
    if (!st.drag) over.style.cursor = near(xOf(e)) >= 0 ? 'ew-resize' : '';
  });
  over.addEventListener('mousedown', (e) => {
    const i = near(xOf(e));
    if (i < 0 || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    st.drag = { i, sMm: st.spans![i]!.endMm };
    const move = (m: MouseEvent) => {
      st.drag = { i, sMm: u.posToVal(xOf(m), 'x') };
      u.redraw(false, false);
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      const d = st.drag;
      st.drag = undefined;
      if (d) onBorderMoved?.(d.i, d.sMm);
      u.redraw(false, false);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });
}

export function createProfileChart(host: HTMLElement, onHover: (index: number) => void, onBorderMoved?: BorderMoved): ProfileChart {
  let plot: uPlot | undefined;
  const st: ChartState = { analysis: undefined, spans: undefined, drag: undefined, cursorIndex: 0, hovering: false };
  host.addEventListener('mouseenter', () => { st.hovering = true; });
  host.addEventListener('mouseleave', () => { st.hovering = false; });
  let size = { width: Math.max(200, host.clientWidth), height: Math.max(120, host.clientHeight - 30) };
  const build = (labels: Labels) => {
    plot?.destroy();
    plot = undefined;
    if (!st.analysis) return;
    const p = st.analysis.profile;
    const data: uPlot.AlignedData = [
      p.map((x) => x.sMm), p.map((x) => x.areaMm2), p.map((x) => x.equivalentDiameterMm), p.map((x) => x.referenceDiameterMm),
    ];
    // the axes reach 1.6 × the widest reference diameter: a seed in the aorta (a 100 mm² start) would flatten the stenosis
    const capD = PROFILE_CAP * Math.max(0, ...p.map((x) => x.referenceDiameterMm).filter(Number.isFinite));
    plot = new uPlot(chartOptions(size, labels, {
      draw: [(u) => drawOverlay(u, st, host)],
      setCursor: [(u) => {
        // only a real hover (uPlot also fires this hook on redraws, with the pointer outside: left < 0)
        const idx = u.cursor.idx;
        if (!st.hovering || st.drag || (u.cursor.left ?? -1) < 0) return;
        if (idx !== null && idx !== undefined && idx !== st.cursorIndex) onHover(idx);
      }],
    }, capD), data, host);
    grabBorders(plot, st, onBorderMoved);
  };
  return {
    setData(a, labels) {
      st.analysis = a;
      build(labels);
    },
    setSegments(sp) {
      st.spans = sp && sp.length ? sp : undefined;
      host.dataset.segmentBorders = st.spans ? st.spans.slice(0, -1).map((x) => x.endMm.toFixed(2)).join(',') : '';
      plot?.redraw(false, false);
    },
    setCursor(index) {
      st.cursorIndex = index;
      plot?.redraw(false, false);
    },
    resize(width, height) {
      size = { width, height };
      plot?.setSize(size);
    },
    destroy() {
      plot?.destroy();
    },
  };
}
