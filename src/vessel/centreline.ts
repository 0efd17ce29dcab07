/**
 * Centreline between a proximal and a distal seed (+ waypoints): minimal path on a lumen-likelihood
 * cost inside a padded box around the seeds, then recentring on the lumen in perpendicular
 * cross-sections and smoothing to a C2 curve resampled every 0.25 mm.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { VesselError } from './errors.ts';
import type { VesselWarning } from './warnings.ts';
import { ijkAffine, pointToIjk } from '../kernels/geometry.ts';
import { buildPathGrid, checkSeedLevels, lumenCostOfHu, lumenLevels, roiAroundSeeds, smoothedRoiHu, type LumenLevels, type Roi } from './cost.ts';
import { minimalPathTs, type PathGrid, type PathResult } from './min-path.ts';
import { lazyLumenCost } from './lazy-cost.ts';
import { arcLengths, resampleLinear, rotationMinimisingFrames, smoothPolyline, splineResample, tangents } from './curve.ts';
import { analyseRays, centreLumenHu, sampleSections, sectionShape, type RayOptions, type RayProfiler } from './rays.ts';
import { averageProfiles, onPlate, rimShift } from './centreline-rim.ts';
import { pinholesAlong } from './pinhole.ts';
import { crossGap, lumenLeg, MAX_GAP_MM } from './centreline-leg.ts';
import { interiorIndexOf, ridgeFloorOf, shellMedianOf, shellOffsets, smoothedHuAtIndex } from './tube-contrast.ts';
import { axisAcrossDarkStretches, type GapRun } from './centreline-axis.ts';
import { axisAcrossDetours } from './centreline-detour.ts';

export interface CentrelineSeeds {
  readonly fromLps: Lps;
  readonly toLps: Lps;
  readonly viaLps?: readonly Lps[];
  /**
   * a centreline already found from `fromLps` to `toLps` (the coronary tree's, src/tree): it stands for the
   * minimal path, which is not searched; the lumen levels are still read at the two seeds and the recentring is a
   * trace's
   */
  readonly guideLps?: readonly Lps[];
}

/** A minimal-path solver (the TS twin or the WASM kernel). */
export type PathSolver = (grid: PathGrid, start: number, goal: number) => PathResult;

export interface CentrelineOptions {
  /** padding of the search box around the seeds, mm (default 10) */
  readonly padMm?: number;
  /** output step, mm (default 0.25) */
  readonly stepMm?: number;
  /** minimal-path solver (default: TS twin) */
  readonly solver?: PathSolver;
  /** ray sampler for recentring (default: TS reference kernel) */
  readonly profiler?: RayProfiler;
  /**
   * recentre off a lumen-bright calcified rim of the wall (centreline-rim.ts) onto the vessel outline's
   * centre (default true; false gives the plain lumen-centroid recentring)
   */
  readonly rimGuard?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface Centreline {
  /** points every `stepMm` from the proximal seed to the distal seed, LPS mm */
  readonly pointsLps: Lps[];
  readonly stepMm: number;
  readonly lengthMm: number;
  readonly levels: LumenLevels;
  /** longest stretch of the raw path without contrast, mm (an occlusion when > 0) */
  readonly longestGapMm: number;
  readonly warnings: VesselWarning[];
  /** voxels settled by the path search */
  readonly settled: number;
  readonly timingsMs: { readonly path: number; readonly recentre: number; readonly spline: number };
}

function checkSeed(volume: Volume, p: Lps, label: string): [number, number, number] {
  const ijk = new Float64Array(3);
  pointToIjk(ijkAffine(volume), p[0], p[1], p[2], ijk, 0);
  const inside = p.every(Number.isFinite) && ijk.every((v, a) => v >= -0.5 && v <= volume.dimensions[a]! - 0.5);
  if (!inside) {
    throw new VesselError('seed-outside-volume', `${label} point ${p.map((x) => x.toFixed(1)).join(',')} mm is outside the volume`);
  }
  return Array.from(ijk, (v, a) => Math.min(Math.max(Math.round(v), 0), volume.dimensions[a]! - 1)) as [number, number, number];
}

function gridIndex(roi: Roi, ijk: readonly number[]): number {
  const [gx, gy, gz] = roi.dims;
  const g = [0, 1, 2].map((a) => Math.min(roi.dims[a]! - 2, Math.max(1, Math.round((ijk[a]! - roi.start[a]! - (roi.step - 1) / 2) / roi.step) + 1)));
  void gz;
  return g[0]! + g[1]! * gx + g[2]! * gx * gy;
}

function gridToLps(volume: Volume, roi: Roi, idx: number): Lps {
  const [gx, gy] = roi.dims;
  // a grid voxel stands for the centre of its block of step³ volume voxels
  const h = (roi.step - 1) / 2;
  const i = ((idx % gx) - 1) * roi.step + roi.start[0] + h, j = ((((idx / gx) | 0) % gy) - 1) * roi.step + roi.start[1] + h, k = (((idx / (gx * gy)) | 0) - 1) * roi.step + roi.start[2] + h;
  const [sx, sy, sz] = volume.spacingMm;
  const [a, b, c] = volume.directions;
  const o = volume.originLps;
  return [0, 1, 2].map((q) => o[q]! + i * sx * a[q]! + j * sy * b[q]! + k * sz * c[q]!) as [number, number, number];
}

/** Lumen levels at the seeds, measured at full resolution in a small box around them. */
function seedLevels(volume: Volume, ijks: [number, number, number][], all: Lps[]): LumenLevels {
  const seedHu = ijks.map((ijk, q) => {
    const roi = roiAroundSeeds(volume, [ijk], 3);
    return lumenLevels(volume, roi, smoothedRoiHu(volume, roi), [ijk], [all[q]!]).seedsHu[0]!;
  });
  const levels = { lowHu: Math.min(...seedHu), highHu: Math.max(...seedHu), seedsHu: seedHu };
  // each seed's lumen above its surroundings (lumen-bright shell samples left out, as the path cost has them)
  const offsets = shellOffsets(volume.spacingMm);
  const contrasts = ijks.map((ijk, q) => seedHu[q]! - shellMedianOf(volume, offsets, 0.75 * seedHu[q]!)(...ijk));
  checkSeedLevels(levels, all, contrasts);
  return { ...levels, tubeContrastHu: seedTubeContrast(volume, ijks, levels) };
}

/**
 * The dimmest seed's lumen above the ridge floor of its surroundings (smoothed HU, as the path cost reads them), HU;
 * never below the lowest seed level (a lumen stands at least its level above fat or wall).
 */
function seedTubeContrast(volume: Volume, ijks: readonly [number, number, number][], levels: LumenLevels): number {
  const smoothed = smoothedHuAtIndex(volume), interior = interiorIndexOf(volume);
  const at = (i: number, j: number, k: number): number => smoothed(interior(i, j, k));
  const t1 = Math.max(0.75 * levels.lowHu, 0.7 * levels.highHu);
  const floor = ridgeFloorOf(volume, shellOffsets(volume.spacingMm), t1, at);
  const contrast = Math.min(...ijks.map((ijk, q) => levels.seedsHu[q]! - floor(...ijk)));
  return contrast === contrast ? Math.max(levels.lowHu, contrast) : levels.lowHu;
}

interface BoxPath { points: Lps[]; levels: LumenLevels; longestGapMm: number; gaps: GapRun[]; settled: number; step: number }

/** cost per mm above which a raw path voxel has no contrast (the lumen likelihood's floor is near 1/LAZY_EPS) */
const NO_CONTRAST_COST = 50;

/** The raw path's stretches through voxels without contrast (`dark(m)`), and the longest one, mm. */
function darkRuns(points: readonly Lps[], dark: (m: number) => boolean): { gaps: GapRun[]; longestGapMm: number } {
  const gaps: GapRun[] = [];
  let run = 0, longestGapMm = 0, first = -1;
  points.forEach((p, m) => {
    const prev = points[m - 1];
    const step = prev ? Math.hypot(p[0] - prev[0], p[1] - prev[1], p[2] - prev[2]) : 0;
    if (dark(m)) {
      if (first < 0) first = m;
      run += step;
    } else {
      if (first >= 0) gaps.push({ fromLps: points[Math.max(0, first - 1)]!, toLps: p });
      run = 0; first = -1;
    }
    longestGapMm = Math.max(longestGapMm, run);
  });
  if (first >= 0) gaps.push({ fromLps: points[Math.max(0, first - 1)]!, toLps: points[points.length - 1]! });
  return { gaps, longestGapMm };
}

function searchInBox(volume: Volume, ijks: [number, number, number][], levels: LumenLevels, labels: string[], padMm: number, solver: PathSolver, maxCost: number, boxIjk: readonly (readonly number[])[] = ijks, gap = false): BoxPath {
  const roi = roiAroundSeeds(volume, boxIjk, padMm);
  const smooth = smoothedRoiHu(volume, roi);
  const grid = { ...buildPathGrid(volume, roi, smooth, levels, gap), maxCost };
  const idxs: number[] = [];
  let settled = 0;
  for (let q = 1; q < ijks.length; q++) {
    const res = solver(grid, gridIndex(roi, ijks[q - 1]!), gridIndex(roi, ijks[q]!));
    settled += res.settled;
    if (res.indices.length === 0) {
      if (Number.isFinite(maxCost)) return { points: [], levels, longestGapMm: Infinity, gaps: [], settled, step: roi.step };
      throw new VesselError('no-path', `no path from ${labels[q - 1]} to ${labels[q]} inside the search box`);
    }
    const from = q === 1 ? 0 : 1;
    for (let m = from; m < res.indices.length; m++) idxs.push(res.indices[m]!);
  }
  // longest stretch through voxels without contrast (cost far above the lumen's; the plain lumen cost
  // when the gap cost drove the search)
  const points = idxs.map((idx) => gridToLps(volume, roi, idx));
  const plain = lumenCostOfHu(levels);
  const { gaps, longestGapMm } = darkRuns(points, (m) => (gap ? plain(smooth[idxs[m]!]!) : grid.cost[idxs[m]!]!) > NO_CONTRAST_COST);
  return { points, levels, longestGapMm, gaps, settled, step: roi.step };
}

/**
 * A path found on a coarse grid (large boxes) is searched again at full resolution, piecewise: boxes
 * around ~20 mm stretches of the coarse path, between points of it snapped to the brightest voxel nearby.
 */
function refineCoarse(volume: Volume, coarse: BoxPath, ijkEnds: [number, number, number][], solver: PathSolver, gap: boolean): BoxPath {
  const a = ijkAffine(volume);
  const toIjk = (p: Lps): [number, number, number] => {
    const o = new Float64Array(3);
    pointToIjk(a, p[0], p[1], p[2], o, 0);
    return Array.from(o, (v, k) => Math.min(Math.max(Math.round(v), 0), volume.dimensions[k]! - 1)) as [number, number, number];
  };
  const s = arcLengths(coarse.points);
  const total = s[s.length - 1]!;
  const pieces = Math.max(1, Math.round(total / 20));
  const cuts: number[] = [0];
  for (let m = 1; m < pieces; m++) cuts.push(s.findIndex((x) => x >= (total * m) / pieces));
  cuts.push(coarse.points.length - 1);
  const out: Lps[] = [];
  let settled = coarse.settled, longestGapMm = 0;
  const gaps: GapRun[] = [];
  for (let m = 1; m < cuts.length; m++) {
    const q0 = cuts[m - 1]!, q1 = cuts[m]!;
    const e0 = m === 1 ? ijkEnds[0]! : brightestNear(volume, toIjk(coarse.points[q0]!));
    const e1 = m === cuts.length - 1 ? ijkEnds[ijkEnds.length - 1]! : brightestNear(volume, toIjk(coarse.points[q1]!));
    const box = coarse.points.slice(q0, q1 + 1).map(toIjk);
    const res = searchInBox(volume, [e0, e1], coarse.levels, ['path', 'path'], 4, solver, Infinity, [...box, e0, e1], gap);
    settled += res.settled;
    longestGapMm = Math.max(longestGapMm, res.longestGapMm);
    gaps.push(...res.gaps);
    out.push(...(m === 1 ? res.points : res.points.slice(1)));
  }
  return { points: out, levels: coarse.levels, longestGapMm, gaps, settled, step: 1 };
}

function brightestNear(volume: Volume, ijk: [number, number, number]): [number, number, number] {
  const roi = roiAroundSeeds(volume, [ijk], 2);
  const sm = smoothedRoiHu(volume, roi);
  const [gx, gy, gz] = roi.dims;
  let best = -Infinity, bi = ijk;
  for (let k = 1; k < gz - 1; k++) for (let j = 1; j < gy - 1; j++) for (let i = 1; i < gx - 1; i++) {
    const v = sm[i + j * gx + k * gx * gy]!;
    if (v > best) { best = v; bi = [roi.start[0] + i - 1, roi.start[1] + j - 1, roi.start[2] + k - 1]; }
  }
  return bi;
}

/**
 * Box-free capped search through all seeds; a leg without a lumen path is bridged across its occlusion, or
 * else searched across its gap box-free on the gap cost (null when both fail).
 */
function sparseSearch(volume: Volume, ijks: [number, number, number][], levels: LumenLevels, onProgress?: (m: string) => void): BoxPath | null {
  const lazy = lazyLumenCost(volume, levels);
  const points: Lps[] = [], costs: number[] = [];
  let settled = 0;
  for (let q = 1; q < ijks.length; q++) {
    let leg = lumenLeg(volume, lazy, ijks[q - 1]!, ijks[q]!);
    if (!leg) {
      onProgress?.('centreline: no lumen path between the points, tracking the lumen to both sides of the gap');
      leg = crossGap(volume, levels, ijks[q - 1]!, ijks[q]!);
    }
    if (!leg) return null;
    settled += leg.settled;
    const from = q === 1 ? 0 : 1;
    points.push(...leg.points.slice(from));
    costs.push(...leg.costs.slice(from));
  }
  const { gaps, longestGapMm } = darkRuns(points, (m) => costs[m]! > NO_CONTRAST_COST);
  return { points, levels, longestGapMm, gaps, settled, step: 1 };
}

/** The raw minimal path through all seeds, LPS mm (voxel centres). */
export function rawPath(volume: Volume, seeds: CentrelineSeeds, opts: CentrelineOptions = {}): { points: Lps[]; levels: LumenLevels; longestGapMm: number; gaps: GapRun[]; settled: number } {
  const all: Lps[] = [seeds.fromLps, ...(seeds.viaLps ?? []), seeds.toLps];
  const labels = ['--from', ...(seeds.viaLps ?? []).map((_, q) => `--via #${q + 1}`), '--to'];
  const ijks = all.map((p, q) => checkSeed(volume, p, labels[q]!));
  for (let q = 1; q < all.length; q++) {
    const a = all[q - 1]!, b = all[q]!;
    if (Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) < 1) throw new VesselError('seeds-too-close', `${labels[q - 1]} and ${labels[q]} are less than 1 mm apart`);
  }
  if (seeds.guideLps && seeds.guideLps.length >= 2) {
    const ends = [ijks[0]!, ijks[ijks.length - 1]!];
    const levels = seedLevels(volume, ends, [all[0]!, all[all.length - 1]!]);
    return { points: seeds.guideLps.map((p): Lps => [p[0], p[1], p[2]]), levels, longestGapMm: 0, gaps: [], settled: 0 };
  }
  // A vessel may bulge far out of the box spanned by its seeds (the LAD around the apex): search the
  // whole volume with lazily computed costs, capped (a path through lumen costs ≈ its length); across an
  // interrupted lumen, the bridge or the box-free gap search (centreline-leg.ts). When all fail, take the
  // uncapped best path in a box padded 10 mm (which need not hold the vessel: the last resort).
  const levels = seedLevels(volume, ijks, all);
  let best: BoxPath | null = opts.padMm === undefined ? sparseSearch(volume, ijks, levels, opts.onProgress) : null;
  if (!best) {
    // after the box-free searches failed, the box search crosses a gap: with the gap cost
    const gap = opts.padMm === undefined;
    if (gap) opts.onProgress?.('centreline: no lumen path between the points, searching across the gap');
    best = searchInBox(volume, ijks, levels, labels, opts.padMm ?? 10, opts.solver ?? minimalPathTs, Infinity, ijks, gap);
    if (best.step > 1) best = refineCoarse(volume, best, ijks, opts.solver ?? minimalPathTs, gap);
  }
  const { points, longestGapMm, gaps, settled } = best!;
  if (longestGapMm > MAX_GAP_MM) {
    throw new VesselError('no-path', `no contrast-filled path between the points (the best path crosses ${longestGapMm.toFixed(0)} mm outside any lumen)`);
  }
  return { points, levels, longestGapMm, gaps, settled };
}

/**
 * Centroid (mm, in the ray plane) of the star-shaped region of lumen-level HU (≥ ½ lumen, below calcium) around the
 * centre. A ray still at lumen level at rMaxMm, beyond any coronary's outline, runs out along a side branch (or a
 * chamber): it takes the median length of the bounded rays, as the contour's outlier rule has it.
 */
function regionCentroid(prof: Float64Array, o: RayOptions, lumenHu: number): [number, number] {
  const M = Math.round(o.rMaxMm / o.drMm);
  const lo = 0.5 * lumenHu, hi = lumenHu + Math.max(120, 0.25 * lumenHu);
  const dth = (2 * Math.PI) / o.rays;
  const steps = new Float64Array(o.rays);
  for (let q = 0; q < o.rays; q++) {
    let m = 0;
    while (m < M && prof[q * (M + 1) + m + 1]! >= lo && prof[q * (M + 1) + m + 1]! <= hi) m++;
    steps[q] = m;
  }
  const bounded = steps.filter((m) => m < M).sort();
  if (bounded.length === 0) return [0, 0];
  const med = bounded[bounded.length >> 1]!;
  let area = 0, cx = 0, cy = 0;
  for (let q = 0; q < o.rays; q++) {
    const r = ((steps[q]! < M ? steps[q]! : med) + 0.5) * o.drMm;
    area += 0.5 * r * r * dth;
    cx += (r * r * r / 3) * Math.cos(q * dth) * dth; cy += (r * r * r / 3) * Math.sin(q * dth) * dth;
  }
  return [cx / area, cy / area];
}

/**
 * Move each point to the centroid of its lumen contour in the perpendicular plane (with `rimGuard`: off
 * a lumen-bright calcified rim of the wall, seen on profiles averaged over ±1 mm of sections).
 */
export function recentre(volume: Volume, pts: Lps[], levels: LumenLevels, maxShiftMm: number, profiler?: RayProfiler, rimGuard = false, onPinhole?: () => void): Lps[] {
  const tan = tangents(pts, 2);
  const fr = rotationMinimisingFrames(pts, tan);
  const opts: RayOptions = { rays: 16, rMaxMm: 4.5, drMm: 0.1 };
  const profs = sampleSections(volume, pts, fr.n, fr.b, opts, profiler);
  const avg = rimGuard ? averageProfiles(profs, 2) : null;
  const secs = profs.map((p) => analyseRays(p, opts));
  // a faint section (a lumen narrower than the blur, beside a lumen-bright crescent): onto its pin-hole
  const faint: number[] = [];
  const plate = avg ? avg.map((p) => onPlate(p, opts, levels.lowHu)) : [];
  secs.forEach((sec, q) => { if (rimGuard && (sec.lumenHu < FAINT_RATIO * levels.lowHu || plate[q])) faint.push(q); });
  const pins = faint.length ? pinholesAlong(volume, faint, faint.map((q) => pts[q]!), faint.map((q) => fr.n[q]!), faint.map((q) => fr.b[q]!), () => levels.lowHu, NaN, 2, profiler, true) : [];
  const pinAt = new Map(faint.map((q, k) => [q, pins[k]!]));
  return pts.map((c, q) => {
    const n = fr.n[q]!, b = fr.b[q]!;
    const rim = avg ? rimShift(avg[q]!, opts, centreLumenHu(avg[q]!, opts), levels.lowHu) : null;
    if (rim) return shifted(c, n, b, rim, maxShiftMm);
    const pin = pinAt.get(q);
    if (pin) { onPinhole?.(); return shifted(c, n, b, [pin.u, pin.v], maxShiftMm); }
    // on a crescent blurred below the lumen level, its pin-hole out of reach: first to the vessel outline's centre
    const dimRim = plate[q] ? rimShift(avg![q]!, opts, centreLumenHu(avg![q]!, opts), levels.lowHu, DIM_RIM_FRACTION, DIM_RIM_FAT_MM) : null;
    if (dimRim) return shifted(c, n, b, dimRim, maxShiftMm);
    const sec = secs[q]!;
    if (!(sec.lumenHu >= 0.5 * levels.lowHu)) return c;
    const sh = sectionShape(sec, opts.rays);
    if (sh.boundedFraction < 0.5) return c;
    // beside calcium the contour's outlier rule drops the long rays of a lumen pushed aside by the
    // plaque: take the centroid of the bright, non-calcified region reached along each ray instead
    return shifted(c, n, b, sec.calcified.some((x) => x === 1) ? regionCentroid(profs[q]!, opts, sec.lumenHu) : sh.centroid, maxShiftMm);
  });
}

/** with the rim guard, a section whose centre is below this fraction of the seeds' lumen level is searched for a pin-hole */
const FAINT_RATIO = 0.75;
/**
 * a crescent blurred below the lumen level (the rim guard's brightness) but above a faded lumen's: at least this
 * fraction of the seeds' level, its fat border blurred out to this distance (mm)
 */
const DIM_RIM_FRACTION = 0.6;
const DIM_RIM_FAT_MM = 1.5;

/** c moved by (u, v) in the (n, b) plane, at most maxShiftMm. */
function shifted(c: Lps, n: Lps, b: Lps, shift: readonly [number, number], maxShiftMm: number): Lps {
  let [u, v] = shift;
  const l = Math.hypot(u, v);
  if (l > maxShiftMm) { u *= maxShiftMm / l; v *= maxShiftMm / l; }
  return [c[0] + u * n[0] + v * b[0], c[1] + u * n[1] + v * b[1], c[2] + u * n[2] + v * b[2]];
}

export function extractCentreline(volume: Volume, seeds: CentrelineSeeds, opts: CentrelineOptions = {}): Centreline {
  const stepMm = opts.stepMm ?? 0.25;
  const t0 = performance.now();
  const raw = rawPath(volume, seeds, opts);
  const t1 = performance.now();
  opts.onProgress?.(`centreline: raw path ${raw.points.length} voxels (${raw.settled} settled)`);
  let pts = smoothPolyline(resampleLinear(raw.points, 0.5), 2);
  // a third pass where a pin-hole was followed: the sections next to it (a wider lumen beside the crescent) see it then
  let pinholes = 0;
  for (let it = 0; it < 2 || (it < 3 && pinholes > 0); it++) {
    pts = recentre(volume, pts, raw.levels, 1.5, opts.profiler, opts.rimGuard ?? true, () => { pinholes++; });
    pts = smoothPolyline(resampleLinear(pts, 0.5), 2, false);
  }
  // no lumen to recentre on over an occlusion: there the axis continues the lumen on both sides
  pts = axisAcrossDarkStretches(volume, pts, raw.levels.lowHu, raw.gaps, 0.5);
  // nor across a tight stenosis where a side branch leaves: there the path and the recentring took the branch
  pts = axisAcrossDetours(volume, pts, raw.gaps, 0.5, opts.profiler);
  const t2 = performance.now();
  const out = splineResample(pts, stepMm);
  const s = arcLengths(out);
  const warnings: VesselWarning[] = [];
  if (raw.longestGapMm > 3) warnings.push({ code: 'path-without-contrast', params: { gapMm: raw.longestGapMm } });
  return { pointsLps: out, stepMm, lengthMm: s[s.length - 1]!, levels: raw.levels, longestGapMm: raw.longestGapMm, warnings, settled: raw.settled,
    timingsMs: { path: t1 - t0, recentre: t2 - t1, spline: performance.now() - t2 } };
}
