/**
 * A side branch leaving at a tight stenosis: the residual lumen is below the blur, so the minimal path follows the
 * branch's bright lumen from its ostium and jumps from it to the lumen after the stenosis (a short stretch without
 * contrast), and the recentring then centres on the branch. A vessel continues through its stenosis along its
 * course, and its residual lumen lies inside its own outline, within its lumen radius of its axis; a centreline that
 * leaves the axis across such a stretch by more than the lumen radius measured beside it, turning off it as a branch
 * leaves, is on another vessel. There the stretch becomes the axis: the Hermite curve between the lumen on both sides
 * (centreline-axis.ts).
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { arcLengths, distanceToPolyline, rotationMinimisingFrames, tangents } from './curve.ts';
import { analyseRays, sampleSections, sectionShape, type RayOptions, type RayProfiler } from './rays.ts';
import { hermite, MERGE_MM, MIN_AXIS_RUN_MM, nearestIndex, type GapRun } from './centreline-axis.ts';

/**
 * how far (mm) before and after the stretch without contrast the centreline may be on the branch: the path follows
 * the branch's lumen over up to a branch diameter (≤ ~4 mm) before it jumps, and the recentring's smoothing spreads
 * the turn over ~1 mm more
 */
const DETOUR_REACH_MM = 5;
/**
 * a side branch leaves its parent at 30° or more: a centreline on it turns off the axis by that much, while through
 * a stenosis the vessel's course bends no more than the vessel (a radius of curvature of several lumen diameters)
 */
const BRANCH_TURN_DEG = 30;
/** lumen (mm) on each side over which the axis's position and direction are fitted: a few lumen diameters */
const FIT_MM = 4;

export interface Detour {
  /** point indices of `pts` replaced (inclusive) */
  readonly from: number;
  readonly to: number;
  /** largest distance of the centreline from the axis across the stretch, mm */
  readonly offAxisMm: number;
  /** largest angle between the centreline's direction and the axis's across the stretch, degrees */
  readonly turnDeg: number;
  /** lumen radius beside the stretch (the larger of both ends'), mm */
  readonly lumenRadiusMm: number;
  /** the axis from the point before `from` to the point after `to` (its ends fitted on the lumen beside the stretch) */
  readonly axis: Lps[];
}

/**
 * Position and unit direction at arc length s0 of the straight line fitted by least squares to the points with s in
 * [lo, hi] (null with fewer than 3 points). A straight line, not a quadratic: the centreline beside the stretch may
 * already lean toward the branch at its inner end, and a quadratic's slope there follows that lean.
 */
function linearEnd(pts: readonly Lps[], s: Float64Array, lo: number, hi: number, s0: number): { p: Lps; t: Lps } | null {
  let n = 0, su = 0, suu = 0;
  const sx = [0, 0, 0], sux = [0, 0, 0];
  s.forEach((v, q) => {
    if (v < lo || v > hi) return;
    const u = v - s0;
    n++; su += u; suu += u * u;
    for (let c = 0; c < 3; c++) { sx[c]! += pts[q]![c]!; sux[c]! += u * pts[q]![c]!; }
  });
  const det = n * suu - su * su;
  if (n < 3 || !(det > 1e-9)) return null;
  const b = sx.map((x, c) => (n * sux[c]! - su * x) / det), a = sx.map((x, c) => (x - b[c]! * su) / n);
  const l = Math.hypot(b[0]!, b[1]!, b[2]!);
  if (!(l > 0)) return null;
  return { p: [a[0]!, a[1]!, a[2]!], t: [b[0]! / l, b[1]! / l, b[2]! / l] };
}

/** Equivalent lumen radius (mm) of the section at p along the unit direction t (NaN without a bounded contour). */
function lumenRadiusAt(volume: Volume, p: Lps, t: Lps, profiler?: RayProfiler): number {
  const o: RayOptions = { rays: 16, rMaxMm: 4.5, drMm: 0.1 };
  const pts: Lps[] = [[p[0] - t[0], p[1] - t[1], p[2] - t[2]], p, [p[0] + t[0], p[1] + t[1], p[2] + t[2]]];
  const fr = rotationMinimisingFrames(pts, tangents(pts, 1));
  const prof = sampleSections(volume, [p], [fr.n[1]!], [fr.b[1]!], o, profiler)[0]!;
  const sh = sectionShape(analyseRays(prof, o), o.rays);
  return sh.boundedFraction >= 0.5 ? Math.sqrt(sh.areaMm2 / Math.PI) : NaN;
}

/**
 * The raw path's stretches without contrast as point-index runs of `pts`, in order along it, those at most MERGE_MM
 * apart joined: a noise peak or a flicker of contrast (a pin-hole, calcium bloom) inside a long lesion's plaque does
 * not cut it into short stretches, each of which would then be fitted on the others' off-lumen centreline.
 */
function mergedRuns(pts: readonly Lps[], s: Float64Array, gaps: readonly GapRun[]): [number, number][] {
  const runs = gaps.map((g) => [nearestIndex(pts, g.fromLps), nearestIndex(pts, g.toLps)].sort((x, y) => x - y) as [number, number]);
  runs.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && s[r[0]]! - s[last[1]]! <= MERGE_MM) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The detours of `pts` across the raw path's short stretches without contrast (`gaps`), replaced or not. */
export function findDetours(volume: Volume, pts: readonly Lps[], gaps: readonly GapRun[], stepMm: number, profiler?: RayProfiler): Detour[] {
  const s = arcLengths(pts);
  const total = s[s.length - 1]!;
  const out: Detour[] = [];
  for (const [a, b] of mergedRuns(pts, s, gaps)) {
    // an occlusion's stretch (or a long lesion's) is the dark-stretch axis's (centreline-axis.ts)
    if (s[b]! - s[a]! >= MIN_AXIS_RUN_MM) continue;
    const s0 = s[a]! - DETOUR_REACH_MM, s1 = s[b]! + DETOUR_REACH_MM;
    if (s0 - FIT_MM < 0 || s1 + FIT_MM > total) continue;
    const e0 = linearEnd(pts, s, s0 - FIT_MM, s0, s0), e1 = linearEnd(pts, s, s1, s1 + FIT_MM, s1);
    if (!e0 || !e1) continue;
    const axis = hermite(e0.p, e0.t, e1.p, e1.t, stepMm);
    const line = [e0.p, ...axis, e1.p];
    let from = -1, to = -1, off = 0, turn = 0;
    const tp = tangents(pts as Lps[], 2), ta = tangents(line, 2);
    s.forEach((v, q) => {
      if (v < s0 || v > s1) return;
      if (from < 0) from = q;
      to = q;
      off = Math.max(off, distanceToPolyline(pts[q]!, line));
      const m = nearestIndex(line, pts[q]!), t = tp[q]!, u = ta[m]!;
      turn = Math.max(turn, Math.acos(Math.min(1, Math.abs(t[0] * u[0] + t[1] * u[1] + t[2] * u[2]))) * 180 / Math.PI);
    });
    if (from < 0) continue;
    const r = Math.max(lumenRadiusAt(volume, e0.p, e0.t, profiler), lumenRadiusAt(volume, e1.p, e1.t, profiler));
    out.push({ from, to, offAxisMm: off, turnDeg: turn, lumenRadiusMm: r, axis: line });
  }
  return out;
}

/**
 * `pts` with each detour onto another vessel (off the axis by more than the lumen radius beside it, turned off it as a
 * branch leaves) replaced by the axis.
 */
export function axisAcrossDetours(volume: Volume, pts: readonly Lps[], gaps: readonly GapRun[], stepMm: number, profiler?: RayProfiler): Lps[] {
  const detours = findDetours(volume, pts, gaps, stepMm, profiler).filter((d) => d.offAxisMm > d.lumenRadiusMm && d.turnDeg > BRANCH_TURN_DEG);
  let out = pts.slice();
  // from the distal end: the indices of the detours before stay valid; overlapping ones are skipped
  let limit = Infinity;
  for (const d of detours.sort((x, y) => y.from - x.from)) {
    if (d.to >= limit) continue;
    out = [...out.slice(0, d.from), ...d.axis, ...out.slice(d.to + 1)];
    limit = d.from;
  }
  return out;
}
