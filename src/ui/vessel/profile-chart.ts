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

export function createProfileChart(host: HTMLElement, onHover: (index: number) => void, onBorderMoved?: BorderMoved): ProfileChart {
  let plot: uPlot | undefined;
  let spans: readonly SegmentSpan[] | undefined;
  /** border being dragged and where it is (mm) */
  let drag: { i: number; sMm: number } | undefined;
  const borderMm = (i: number) => (drag && drag.i === i ? drag.sMm : spans![i]!.endMm);
  let analysis: VesselAnalysis | undefined;
  let cursorIndex = 0;
  let hovering = false;
  host.addEventListener('mouseenter', () => { hovering = true; });
  host.addEventListener('mouseleave', () => { hovering = false; });
  let size = { width: Math.max(200, host.clientWidth), height: Math.max(120, host.clientHeight - 30) };
  const shade = (u: uPlot) => {
    if (!analysis) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(255, 80, 80, 0.18)';
    for (const l of analysis.lesions) {
      const x0 = u.valToPos(l.startSMm, 'x', true), x1 = u.valToPos(l.endSMm, 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
    }
    if (spans) {
      ctx.font = `${Math.round(10 * devicePixelRatio)}px sans-serif`;
      ctx.fillStyle = '#ddd';
      spans.forEach((sp, i) => {
        const x0 = u.valToPos(i === 0 ? sp.startMm : borderMm(i - 1), 'x', true);
        ctx.fillText(String(sp.segment), x0 + 3 * devicePixelRatio, u.bbox.top + 11 * devicePixelRatio);
        if (i === spans!.length - 1) return;
        const x = u.valToPos(borderMm(i), 'x', true);
        ctx.strokeStyle = drag?.i === i ? '#fff' : 'rgba(255, 255, 255, 0.55)';
        ctx.lineWidth = drag?.i === i ? 2 : 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.setLineDash([]);
      });
    }
    const s = analysis.profile[cursorIndex]?.sMm;
    // what the chart plots at the cursor (read by the e2e test: edited contours must reach the chart)
    host.dataset.cursorAreaMm2 = analysis.profile[cursorIndex]?.areaMm2.toFixed(3) ?? '';
    if (s !== undefined) {
      const x = u.valToPos(s, 'x', true);
      ctx.strokeStyle = '#ff4de1';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  };
  const build = (labels: { area: string; diameter: string; reference: string; s: string }) => {
    plot?.destroy();
    plot = undefined;
    if (!analysis) return;
    const p = analysis.profile;
    const data: uPlot.AlignedData = [
      p.map((x) => x.sMm), p.map((x) => x.areaMm2), p.map((x) => x.equivalentDiameterMm), p.map((x) => x.referenceDiameterMm),
    ];
    plot = new uPlot({
      ...size,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, area: {}, d: {} },
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
      hooks: {
        draw: [shade],
        setCursor: [(u) => {
          // only a real hover (uPlot also fires this hook on redraws, with the pointer outside: left < 0)
          const idx = u.cursor.idx;
          if (!hovering || drag || (u.cursor.left ?? -1) < 0) return;
          if (idx !== null && idx !== undefined && idx !== cursorIndex) onHover(idx);
        }],
      },
    }, data, host);
    grabBorders(plot);
  };
  // segment borders: grab one within a few pixels, drag, release (the owner re-renders on release)
  const grabBorders = (u: uPlot) => {
    const over = u.over;
    const xOf = (e: MouseEvent) => e.clientX - over.getBoundingClientRect().left;
    const near = (x: number): number => {
      if (!spans) return -1;
      let best = -1, bestD = BORDER_GRAB_PX;
      for (let i = 0; i + 1 < spans.length; i++) {
        const d = Math.abs(u.valToPos(spans[i]!.endMm, 'x') - x);
        if (d <= bestD) { bestD = d; best = i; }
      }
      return best;
    };
    over.addEventListener('mousemove', (e) => {
      if (!drag) over.style.cursor = near(xOf(e)) >= 0 ? 'ew-resize' : '';
    });
    over.addEventListener('mousedown', (e) => {
      const i = near(xOf(e));
      if (i < 0 || e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      drag = { i, sMm: spans![i]!.endMm };
      const move = (m: MouseEvent) => {
        drag = { i, sMm: u.posToVal(xOf(m), 'x') };
        u.redraw(false, false);
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        const d = drag;
        drag = undefined;
        if (d) onBorderMoved?.(d.i, d.sMm);
        u.redraw(false, false);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
  };
  return {
    setData(a, labels) {
      analysis = a;
      build(labels);
    },
    setSegments(sp) {
      spans = sp && sp.length ? sp : undefined;
      host.dataset.segmentBorders = spans ? spans.slice(0, -1).map((x) => x.endMm.toFixed(2)).join(',') : '';
      plot?.redraw(false, false);
    },
    setCursor(index) {
      cursorIndex = index;
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
