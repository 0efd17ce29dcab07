/**
 * Lumen profile chart (uPlot): area and equivalent diameter against arc length, the reference diameter,
 * lesions shaded, a vertical cursor; hovering reports the section index under the mouse.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { VesselAnalysis } from '../../vessel/analyse.ts';

export interface ProfileChart {
  setData(a: VesselAnalysis | undefined, labels: { area: string; diameter: string; reference: string; s: string }): void;
  setCursor(index: number): void;
  resize(width: number, height: number): void;
  destroy(): void;
}

export function createProfileChart(host: HTMLElement, onHover: (index: number) => void): ProfileChart {
  let plot: uPlot | undefined;
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
    const s = analysis.profile[cursorIndex]?.sMm;
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
          if (!hovering || (u.cursor.left ?? -1) < 0) return;
          if (idx !== null && idx !== undefined && idx !== cursorIndex) onHover(idx);
        }],
      },
    }, data, host);
  };
  return {
    setData(a, labels) {
      analysis = a;
      build(labels);
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
