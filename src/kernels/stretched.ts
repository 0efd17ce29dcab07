/**
 * Row layout of a stretched CPR (Kanitsar et al. 2002): a fixed sweep axis v ⟂ the mean vessel axis
 * (rotated by `angleRad` about that axis, 0 = the initial RMF normal); rows are spaced by the arc
 * length of the centreline projected on the plane ⟂ v ("stretched"), and row m is the line through
 * the centreline point along v — so displacements along v keep their true geometry (the vessel is a
 * curve in the image) and the row spacing keeps true length.
 */
import type { Vec3 } from '../volume/volume';
import { frameAt, newFrame, type CentrelineFrames } from './frames';

export type StretchedRowSink = (row: number, sMm: number, startLps: Vec3, axisLps: Vec3, slabStepLps: Vec3, centreColumn: number) => void;

/** Calls `sink` for each row; returns the row spacing (mm along the stretched length). */
export function stretchedRows(
  frames: CentrelineFrames, s0: number, s1: number, angleRad: number,
  rows: number, cols: number, pixelMm: number, slabStepMm: number, sink: StretchedRowSink,
): number {
  const f = newFrame();
  const c0 = [...frameAt(frames, s0, 0, f).positionLps] as Vec3;
  const n0 = [...f.normal] as Vec3, t0 = [...f.tangent] as Vec3;
  const c1 = frameAt(frames, s1, 0, f).positionLps;
  let ax: Vec3 = [c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2]];
  let l = Math.hypot(...ax);
  ax = l > 1e-6 ? [ax[0] / l, ax[1] / l, ax[2] / l] : t0;
  // v0: initial normal made ⟂ to the mean axis
  const d = n0[0] * ax[0] + n0[1] * ax[1] + n0[2] * ax[2];
  let v0: Vec3 = [n0[0] - d * ax[0], n0[1] - d * ax[1], n0[2] - d * ax[2]];
  l = Math.hypot(...v0);
  if (l < 1e-6) v0 = Math.abs(ax[2]) < 0.9 ? [ax[1], -ax[0], 0] : [-ax[2], 0, ax[0]];
  l = Math.hypot(...v0);
  v0 = [v0[0] / l, v0[1] / l, v0[2] / l];
  const w0 = cross(ax, v0);
  const cs = Math.cos(angleRad), sn = Math.sin(angleRad);
  const v: Vec3 = [cs * v0[0] + sn * w0[0], cs * v0[1] + sn * w0[1], cs * v0[2] + sn * w0[2]];
  // arc positions: s0, vertices strictly inside, s1 → projected (stretched) length y
  const sArr: number[] = [s0];
  for (let i = 0; i < frames.count; i++) { const s = frames.arcMm[i]!; if (s > s0 && s < s1) sArr.push(s); }
  if (s1 > s0) sArr.push(s1);
  const yArr = new Float64Array(sArr.length), along = new Float64Array(sArr.length);
  let prev = c0;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < sArr.length; i++) {
    const p = [...frameAt(frames, sArr[i]!, 0, f).positionLps] as Vec3;
    const dx = p[0] - prev[0], dy = p[1] - prev[1], dz = p[2] - prev[2];
    const dv = dx * v[0] + dy * v[1] + dz * v[2];
    yArr[i] = (i ? yArr[i - 1]! : 0) + Math.sqrt(Math.max(0, dx * dx + dy * dy + dz * dz - dv * dv));
    along[i] = (p[0] - c0[0]) * v[0] + (p[1] - c0[1]) * v[1] + (p[2] - c0[2]) * v[2];
    lo = Math.min(lo, along[i]!); hi = Math.max(hi, along[i]!);
    prev = p;
  }
  const mid = (lo + hi) / 2;
  const Y = yArr[yArr.length - 1]!;
  const rowSpacingMm = rows > 1 ? Y / (rows - 1) : 0;
  const half = (cols - 1) / 2;
  let seg = 0;
  for (let m = 0; m < rows; m++) {
    const y = m * rowSpacingMm;
    while (seg + 2 < yArr.length && yArr[seg + 1]! < y) seg++;
    const ya = yArr[seg]!, yb = yArr[Math.min(seg + 1, yArr.length - 1)]!;
    const sa = sArr[seg]!, sb = sArr[Math.min(seg + 1, sArr.length - 1)]!;
    const s = yb > ya ? sa + ((Math.min(Math.max(y, ya), yb) - ya) / (yb - ya)) * (sb - sa) : sa;
    frameAt(frames, s, 0, f);
    const p = f.positionLps, t = f.tangent;
    const alongMm = (p[0] - c0[0]) * v[0] + (p[1] - c0[1]) * v[1] + (p[2] - c0[2]) * v[2];
    const col = half + (alongMm - mid) / pixelMm;
    const start: Vec3 = [p[0] - col * pixelMm * v[0], p[1] - col * pixelMm * v[1], p[2] - col * pixelMm * v[2]];
    const tv = t[0] * v[0] + t[1] * v[1] + t[2] * v[2];
    let wv = cross(v, [t[0] - tv * v[0], t[1] - tv * v[1], t[2] - tv * v[2]]);
    let wl = Math.hypot(...wv);
    if (wl < 1e-6) { wv = cross(v, ax); wl = Math.hypot(...wv); }
    sink(m, s, start, v, [(slabStepMm * wv[0]) / wl, (slabStepMm * wv[1]) / wl, (slabStepMm * wv[2]) / wl], col);
  }
  return rowSpacingMm;
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
