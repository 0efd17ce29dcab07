/**
 * Across a total occlusion (no lumen path between two seeds): the lumen is tracked from each seed as far
 * as it goes (its own lumen level: a collateral-filled distal vessel is dimmer), chambers and great
 * vessels left out (centreline-chamber.ts: bright regions wider than a coronary), and the two stumps are
 * joined where they come closest — the occlusion — if that is at most MAX_BRIDGE_MM. Everything comes
 * from the data: the seeds' lumen levels, widths and distances; nothing about a particular phantom.
 */
import type { Lps, Vec3, Volume } from '../volume/volume.ts';
import { ijkAffine, pointToIjk } from '../kernels/geometry.ts';
import { roiAroundSeeds, roiSpacingMm, seedLumenHu, smoothedRoiHu, type LumenLevels, type Roi } from './cost.ts';
import { blockMeans, chamberMask, coarseGrid, squaredDistance, type CoarseGrid } from './centreline-chamber.ts';
import { lazyLumenCost, type LazyCost } from './lazy-cost.ts';
import { neighbourOffsets } from './min-path.ts';

/** One leg of a centreline: raw path points (LPS mm), cost per mm of each, voxels settled. */
export interface Leg { points: Lps[]; costs: number[]; settled: number }

/** longest lumen-less bridge accepted, mm (a chronic total occlusion is usually 10–30 mm) */
export const MAX_BRIDGE_MM = 30;
/** a tracked lumen voxel is at least this fraction of its seed's lumen level (HU) */
const TRACK_FRACTION = 0.6;
/** half-width of a bright region above which it is a chamber or great vessel, not a coronary, mm */
const CHAMBER_RADIUS_MM = 3.5;
/** around a seed, a chamber is crossed anyway (an ostium seed sits on the aortic wall), mm */
const SEED_FREE_MM = 3;
/** padding of the tracking box around the two seeds, mm */
const TRACK_PAD_MM = 20;
/** block size of the chamber mask and of the stump distance search, mm */
const BLOCK_MM = 1;
const MAX_TRACK_VOXELS = 16_000_000;

export interface StumpBridge {
  /** stump ends, volume ijk (integers): end of the lumen from the first seed, start of the lumen to the second */
  readonly fromEndIjk: [number, number, number];
  readonly toEndIjk: [number, number, number];
  /** straight distance between the stump ends, mm */
  readonly gapMm: number;
  /** lumen level of each side, HU */
  readonly fromHu: number;
  readonly toHu: number;
}

/** Grid index of volume voxel ijk (cost.ts layout, step 1). */
function gidx(roi: Roi, i: number, j: number, k: number): number {
  const [gx, gy] = roi.dims;
  return (i - roi.start[0] + 1) + (j - roi.start[1] + 1) * gx + (k - roi.start[2] + 1) * gx * gy;
}

function gijk(roi: Roi, g: number): [number, number, number] {
  const [gx, gy] = roi.dims;
  return [(g % gx) - 1 + roi.start[0], (((g / gx) | 0) % gy) - 1 + roi.start[1], ((g / (gx * gy)) | 0) - 1 + roi.start[2]];
}

/**
 * Voxels connected to the seed (26-neighbours) with smoothed HU in [lowHu, highHu], outside chambers
 * (except within SEED_FREE_MM of the seed). Starts from the brightest voxel within 1.5 mm of the seed.
 */
function trackLumen(roi: Roi, sp: readonly number[], smooth: Float32Array, chamberBlocks: Uint8Array, c: CoarseGrid, seed: readonly number[], lowHu: number, highHu: number): Int32Array {
  const chamber = (g: number): number => chamberBlocks[c.blockOf(g)]!;
  const [gx, gy, gz] = roi.dims;
  const s0 = gidx(roi, seed[0]!, seed[1]!, seed[2]!);
  const si = s0 % gx, sj = ((s0 / gx) | 0) % gy, sk = (s0 / (gx * gy)) | 0;
  const near = (g: number, mm: number): boolean => {
    const di = ((g % gx) - si) * sp[0]!, dj = ((((g / gx) | 0) % gy) - sj) * sp[1]!, dk = (((g / (gx * gy)) | 0) - sk) * sp[2]!;
    return di * di + dj * dj + dk * dk <= mm * mm;
  };
  let start = s0, best = -Infinity;
  const r = [0, 1, 2].map((a) => Math.ceil(1.5 / sp[a]!));
  for (let dk = -r[2]!; dk <= r[2]!; dk++) for (let dj = -r[1]!; dj <= r[1]!; dj++) for (let di = -r[0]!; di <= r[0]!; di++) {
    const i = si + di, j = sj + dj, k = sk + dk;
    if (i < 1 || j < 1 || k < 1 || i > gx - 2 || j > gy - 2 || k > gz - 2) continue;
    const g = i + j * gx + k * gx * gy;
    if (near(g, 1.5) && smooth[g]! > best && smooth[g]! <= highHu) { best = smooth[g]!; start = g; }
  }
  const offs = neighbourOffsets();
  const nOff = new Int32Array(26);
  for (let q = 0; q < 26; q++) nOff[q] = offs[3 * q]! + offs[3 * q + 1]! * gx + offs[3 * q + 2]! * gx * gy;
  const seen = new Uint8Array(smooth.length);
  // the grid's walls are never entered (26-neighbour offsets would wrap around rows)
  for (let k = 0; k < gz; k++) for (let j = 0; j < gy; j++) {
    const row = k * gx * gy + j * gx;
    if (k === 0 || j === 0 || k === gz - 1 || j === gy - 1) seen.fill(1, row, row + gx);
    else { seen[row] = 1; seen[row + gx - 1] = 1; }
  }
  const queue: number[] = [start];
  seen[start] = 1;
  // a seed on the wall of a chamber (an ostium on the aortic root) leaves it through its own ball only;
  // a seed in a coronary beside a chamber never enters it
  const free = chamber(start) === 1;
  const ok = (g: number): boolean => {
    const v = smooth[g]!;
    return v >= lowHu && v <= highHu && (!chamber(g) || (free && near(g, SEED_FREE_MM)));
  };
  if (!ok(start)) return new Int32Array(0);
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h]!;
    for (let q = 0; q < 26; q++) {
      const v = u + nOff[q]!;
      if (seen[v]) continue;
      seen[v] = 1;
      if (ok(v)) queue.push(v); // NaN walls fail ok()
    }
  }
  return Int32Array.from(queue);
}

/**
 * The stumps of the lumen on either side of an occlusion between seeds a and b (volume ijk), or null
 * when the lumen from one seed reaches the other (no occlusion), a side cannot be tracked, or the
 * stumps are more than MAX_BRIDGE_MM apart.
 */
export function findStumps(volume: Volume, a: readonly number[], b: readonly number[]): StumpBridge | null {
  let roi = roiAroundSeeds(volume, [a, b], TRACK_PAD_MM, MAX_TRACK_VOXELS);
  if (roi.step > 1) roi = roiAroundSeeds(volume, [a, b], TRACK_PAD_MM / 2, MAX_TRACK_VOXELS);
  if (roi.step > 1) return null;
  const sp = roiSpacingMm(volume, roi);
  const smooth = smoothedRoiHu(volume, roi);
  const huA = seedLumenHu(volume, roi, smooth, a, 1.5), huB = seedLumenHu(volume, roi, smooth, b, 1.5);
  if (!(huA > 0 && huB > 0)) return null;
  // calcium (well above either lumen) is not lumen; chambers are bright at the dimmer side's level
  const highHu = Math.max(huA, huB) + Math.max(100, 0.25 * Math.max(huA, huB));
  const c = coarseGrid(roi.dims, sp.map((x) => Math.max(1, Math.round(BLOCK_MM / x))) as [number, number, number]);
  const csp = [0, 1, 2].map((a) => sp[a]! * c.factor[a]!) as [number, number, number];
  const chamber = chamberMask(blockMeans(smooth, roi.dims, c), c.dims, csp, TRACK_FRACTION * Math.min(huA, huB), CHAMBER_RADIUS_MM);
  const A = trackLumen(roi, sp, smooth, chamber, c, a, TRACK_FRACTION * huA, highHu);
  const B = trackLumen(roi, sp, smooth, chamber, c, b, TRACK_FRACTION * huB, highHu);
  if (A.length === 0 || B.length === 0) return null;
  const pair = closestPair(roi, sp, c, csp, A, B);
  if (!pair || !(pair.dMm <= MAX_BRIDGE_MM)) return null;
  const [ua, vb] = pair.ends;
  return { fromEndIjk: gijk(roi, ua), toEndIjk: gijk(roi, vb), gapMm: pair.dMm, fromHu: huA, toHu: huB };
}

/**
 * Closest voxels of two voxel sets (null when they share a voxel: one lumen). Block distances first
 * (exact EDT of B's blocks), then exact distances for the A voxels whose block is within a block
 * diagonal of the closest.
 */
function closestPair(roi: Roi, sp: readonly number[], c: CoarseGrid, csp: [number, number, number], A: Int32Array, B: Int32Array): { ends: [number, number]; dMm: number } | null {
  const inB = new Uint8Array(A.length + B.length > 0 ? roi.dims[0] * roi.dims[1] * roi.dims[2] : 0);
  for (const g of B) inB[g] = 1;
  for (const g of A) if (inB[g]) return null;
  const bBlocks = new Uint8Array(c.dims[0] * c.dims[1] * c.dims[2]);
  for (const g of B) bBlocks[c.blockOf(g)] = 1;
  const dB = squaredDistance(bBlocks, c.dims, csp);
  let best = Infinity;
  for (const g of A) best = Math.min(best, dB[c.blockOf(g)]!);
  if (!(best < Infinity)) return null;
  const diag = Math.hypot(...csp), lim = (Math.sqrt(best) + 2 * diag) ** 2;
  const [gx, gy] = roi.dims;
  const xyz = (g: number): [number, number, number] => [(g % gx) * sp[0]!, (((g / gx) | 0) % gy) * sp[1]!, ((g / (gx * gy)) | 0) * sp[2]!];
  const bPts = Array.from(B, xyz);
  let bestD = Infinity, ends: [number, number] = [-1, -1];
  for (const g of A) {
    if (dB[c.blockOf(g)]! > lim) continue;
    const p = xyz(g);
    for (let m = 0; m < B.length; m++) {
      const q = bPts[m]!;
      const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
      if (d < bestD) { bestD = d; ends = [g, B[m]!]; }
    }
  }
  return { ends, dMm: Math.sqrt(bestD) };
}

/**
 * Points every ≤ stepMm across the gap from p0 to p1 (both excluded): a cubic Hermite curve that leaves
 * p0 along t0 and reaches p1 along t1 (unit tangents, the stumps' directions), as a vessel continues
 * through its occluded part; the straight segment when a tangent is unknown.
 */
export function hermiteBridge(p0: Lps, t0: Lps | null, p1: Lps, t1: Lps | null, stepMm: number): Lps[] {
  const L = Math.hypot(p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]);
  const n = Math.max(1, Math.ceil(L / stepMm));
  const m0 = t0 ? t0.map((x) => x * L) : [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
  const m1 = t1 ? t1.map((x) => x * L) : [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
  const out: Lps[] = [];
  for (let q = 1; q < n; q++) {
    const s = q / n, s2 = s * s, s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
    out.push([0, 1, 2].map((c) => h00 * p0[c]! + h10 * m0[c]! + h01 * p1[c]! + h11 * m1[c]!) as [number, number, number]);
  }
  return out;
}

/** Unit direction of a polyline at its end, over the last ~`mm` of it (null when too short). */
export function endDirection(pts: readonly Lps[], mm: number, atStart: boolean): Vec3 | null {
  const seq = atStart ? pts : [...pts].reverse();
  const p = seq[0]!;
  for (const x of seq) {
    const d = Math.hypot(x[0] - p[0], x[1] - p[1], x[2] - p[2]);
    if (d >= mm) return [(p[0] - x[0]) / d, (p[1] - x[1]) / d, (p[2] - x[2]) / d].map((v) => (atStart ? -v : v)) as [number, number, number];
  }
  return null;
}

/** LPS mm of volume voxel v (linear index). */
export function voxelLps(volume: Volume, v: number): Lps {
  const [nx, ny] = volume.dimensions;
  const i = v % nx, j = ((v / nx) | 0) % ny, k = (v / (nx * ny)) | 0;
  const [sx, sy, sz] = volume.spacingMm;
  const [a, b, c] = volume.directions;
  const o = volume.originLps;
  return [0, 1, 2].map((q) => o[q]! + i * sx * a[q]! + j * sy * b[q]! + k * sz * c[q]!) as [number, number, number];
}

const STUMP_TRIM_MM = 2;

/** How many points of a polyline are kept when `mm` is cut off its end (or start); at least one. */
function trimmedLength(pts: readonly Lps[], mm: number, atStart: boolean): number {
  const seq = atStart ? [...pts].reverse() : pts;
  const tip = seq[seq.length - 1]!;
  let n = seq.length;
  while (n > 1 && Math.hypot(seq[n - 1]![0] - tip[0], seq[n - 1]![1] - tip[1], seq[n - 1]![2] - tip[2]) < mm) n--;
  return n;
}

/**
 * A leg with no lumen path: the lumen tracked from both ends up to its stumps, each stump's path (by
 * `lumenLeg`, the centreline's lumen search) at its own lumen level, and a curve across the lumen-less gap
 * continuing both stumps. Null when there are no stumps to join.
 */
export function bridgedLeg(volume: Volume, a: readonly number[], b: readonly number[], lumenLeg: (lazy: LazyCost, a: readonly number[], b: readonly number[]) => Leg | null, tubeContrastHu?: number): Leg | null {
  const st = findStumps(volume, a, b);
  if (!st) return null;
  // each stump's path at its own level, with the seeds' tube contrast (a dim lumen stands its contrast above the fat
  // around it; the myocardium under its face, as bright as that lumen, does not)
  const lv = (hu: number): LumenLevels => ({ lowHu: hu, highHu: hu, seedsHu: [hu], tubeContrastHu: tubeContrastHu === undefined ? undefined : Math.max(hu, tubeContrastHu) });
  const same = (p: readonly number[], q: readonly number[]): boolean => p[0] === q[0] && p[1] === q[1] && p[2] === q[2];
  const [nx, ny] = volume.dimensions;
  const one = (p: readonly number[]): Leg => ({ points: [voxelLps(volume, p[0]! + p[1]! * nx + p[2]! * nx * ny)], costs: [1], settled: 0 });
  const lazy1 = lazyLumenCost(volume, lv(st.fromHu)), lazy2 = lazyLumenCost(volume, lv(st.toHu));
  const l1 = same(a, st.fromEndIjk) ? one(a) : lumenLeg(lazy1, a, st.fromEndIjk);
  const l2 = same(st.toEndIjk, b) ? one(b) : lumenLeg(lazy2, st.toEndIjk, b);
  if (!l1 || !l2) return null;
  // the stump tips (closest voxels of the two lumens) sit anywhere on the tapering ends: bridge from ~2 mm
  // before them, along the stumps' directions over the 6 mm before that
  const n1 = trimmedLength(l1.points, STUMP_TRIM_MM, false), n2 = l2.points.length - trimmedLength(l2.points, STUMP_TRIM_MM, true);
  const p1s = l1.points.slice(0, n1), p2s = l2.points.slice(n2);
  const gap = hermiteBridge(p1s[p1s.length - 1]!, endDirection(p1s, 6, false), p2s[0]!, endDirection(p2s, 6, true), 0.5);
  // lumen-less where the bridge's voxel costs more than lumen at the dimmer side's level
  const dim = st.toHu < st.fromHu ? lazy2 : lazy1;
  const aff = ijkAffine(volume), o = new Float64Array(3);
  const gapCost = gap.map((p) => {
    pointToIjk(aff, p[0], p[1], p[2], o, 0);
    const [i, j, k] = Array.from(o, (v, q) => Math.min(volume.dimensions[q]! - 2, Math.max(1, Math.round(v))));
    return dim.costAt(i! + j! * nx + k! * nx * ny, i!, j!, k!);
  });
  return { points: [...p1s, ...gap, ...p2s], costs: [...l1.costs.slice(0, n1), ...gapCost, ...l2.costs.slice(n2)], settled: l1.settled + l2.settled };
}

