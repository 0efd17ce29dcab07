/**
 * A severe stenosis or an occlusion cuts the bright lumen: the vessel beyond is a separate component. From a
 * leaf that ends while the vessel is still wide (coronaries narrow below 2 mm before they end), look ahead in a
 * cone for the next thin bright component, in line, and join it with a straight bridge.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { bitGet, bitSet, collectComponent, type Component } from './component.ts';
import { extractCentreline } from '../vessel/centreline.ts';

/** Radius of the heart's surface where it bends most (mm): the left ventricle's outer radius (inner Ø 48 ± 5 mm + a 7 mm wall) less 2 SD. */
const MIN_SURFACE_RADIUS_MM = 26;

function distanceToSegment(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const d = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
  const l2 = d[0]! * d[0]! + d[1]! * d[1]! + d[2]! * d[2]!;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0]! - a[0]!) * d[0]! + (p[1]! - a[1]!) * d[1]! + (p[2]! - a[2]!) * d[2]!) / l2)) : 0;
  return Math.hypot(p[0]! - a[0]! - t * d[0]!, p[1]! - a[1]! - t * d[1]!, p[2]! - a[2]! - t * d[2]!);
}

/** Total occlusions seen on CCTA are mostly ≤ 20 mm long: the search reaches this far ahead (mm). */
export const MAX_BRIDGE_MM = 20;
/**
 * Half-angle of the search cone, degrees: the RCA turns about 90° round the acute margin within ~40 mm, so its
 * course can turn by up to ~45° over a 20 mm occlusion, measured from a direction taken before the end.
 */
const CONE_DEG = 56;
/** A leaf is an abrupt end when its inscribed radius 5–10 mm upstream is at least this (mm; ≈ 2 mm lumen after the threshold's loss). */
export const ABRUPT_END_RADIUS_MM = 0.7;
/** A resumed segment must be at least this large (mm³: 10 mm of a 1.5 mm vessel) and this wide (inscribed radius, mm). */
const MIN_RESUMED_MM3 = 10 * Math.PI * 0.75 * 0.75;
const MIN_RESUMED_RADIUS_MM = 0.6;

export interface Leaf {
  /** fine linear index of the leaf voxel */
  readonly q: number;
  /** unit direction along the vessel at its end (LPS) */
  readonly dir: readonly [number, number, number];
}

export interface Bridge {
  /** the fine voxels of the straight bridge and of the resumed component */
  readonly voxels: number[];
}

/**
 * Unit directions within CONE_DEG of `u`, spaced so that neighbouring rays are ≤ 1 mm apart at MAX_BRIDGE_MM
 * (a 1.5 mm vessel crossing the cone is met by a ray).
 */
function coneDirections(u: readonly [number, number, number]): [number, number, number][] {
  const a: [number, number, number] = Math.abs(u[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  let n: [number, number, number] = [u[1] * a[2] - u[2] * a[1], u[2] * a[0] - u[0] * a[2], u[0] * a[1] - u[1] * a[0]];
  const ln = Math.hypot(...n); n = [n[0] / ln, n[1] / ln, n[2] / ln];
  const b: [number, number, number] = [u[1] * n[2] - u[2] * n[1], u[2] * n[0] - u[0] * n[2], u[0] * n[1] - u[1] * n[0]];
  const out: [number, number, number][] = [[u[0], u[1], u[2]]];
  const dTh = 1 / MAX_BRIDGE_MM;
  for (let th = dTh; th <= (CONE_DEG * Math.PI) / 180; th += dTh) {
    const m = Math.ceil((2 * Math.PI * Math.sin(th)) / dTh);
    const c = Math.cos(th), s = Math.sin(th);
    for (let q = 0; q < m; q++) {
      const ph = (2 * Math.PI * q) / m;
      out.push([0, 1, 2].map((x) => c * u[x]! + s * (Math.cos(ph) * n[x]! + Math.sin(ph) * b[x]!)) as [number, number, number]);
    }
  }
  return out;
}

/** Fine index of LPS p (axis-aligned volumes: directions are ±1 on the diagonal), or −1 outside. */
function indexOf(volume: Volume, p: readonly number[]): number {
  const [nx, ny, nz] = volume.dimensions;
  const ijk = [0, 1, 2].map((a) => Math.round((p[a]! - volume.originLps[a]!) / (volume.spacingMm[a]! * volume.directions[a]![a]!)));
  if (ijk.some((x, a) => x! < 0 || x! >= [nx, ny, nz][a]!)) return -1;
  return ijk[0]! + nx * (ijk[1]! + ny * ijk[2]!);
}

function lpsOf(volume: Volume, q: number): [number, number, number] {
  const [nx, ny] = volume.dimensions;
  const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / (nx * ny));
  return [0, 1, 2].map((a) => volume.originLps[a]! + [i, j, k][a]! * volume.spacingMm[a]! * volume.directions[a]![a]!) as [number, number, number];
}

/**
 * The component resumed ahead of `leaf` and the straight bridge to it, or null. `visited` marks every voxel
 * already in a tree; the resumed component is marked too.
 */
/** First voxel ahead of the leaf, in the cone, that passes `ok` (−1 when none). */
function coneHit(volume: Volume, start: readonly number[], dir: Leaf['dir'], ok: (q: number) => boolean): number {
  const step = Math.min(...volume.spacingMm) / 2;
  let hit = -1, hitT = Infinity;
  for (const d of coneDirections(dir)) {
    for (let t = 1; t <= MAX_BRIDGE_MM && t < hitT; t += step) {
      const q = indexOf(volume, [start[0]! + d[0] * t, start[1]! + d[1] * t, start[2]! + d[2] * t]);
      if (q < 0) break;
      if (ok(q)) { hit = q; hitT = t; break; }
    }
  }
  return hit;
}

/** What the dim-lumen search needs: the levels and the chambers' mask. */
export interface DimContext {
  readonly tissueHu: number;
  readonly thresholdHu: number;
  readonly noiseSdHu: number;
  readonly isBig: (q: number) => boolean;
}

export function bridgeFrom(volume: Volume, leaf: Leaf, isThin: (q: number) => boolean, visited: Uint32Array, maxVoxels: number, radiusOf: (c: Component) => number, dim?: DimContext): Bridge | null {
  const start = lpsOf(volume, leaf.q);
  const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
  const resumed = (hit: number, pass: (q: number) => boolean): Component | null => {
    if (hit < 0) return null;
    // a trial walk first (its own visited set): a fragment too small to be the vessel stays free for the dim pass
    const trial = collectComponent(volume, pass, [hit], Uint32Array.from(visited), maxVoxels);
    if (!trial || trial.vox.length * voxelMm3 < MIN_RESUMED_MM3 || radiusOf(trial) < MIN_RESUMED_RADIUS_MM) return null;
    for (const q of trial.vox) bitSet(visited, q);
    return trial;
  };
  let hit = coneHit(volume, start, leaf.dir, (q) => !bitGet(visited, q) && isThin(q));
  let comp = resumed(hit, isThin);
  if (!comp && dim) {
    const d = dimLumen(volume, start, leaf.dir, visited, dim);
    if (d) { hit = d.hit; comp = resumed(hit, (q) => !bitGet(visited, q) && d.pass(q)); }
  }
  if (!comp) return null;
  // the bridge ends where the resumed vessel starts: its voxel nearest the leaf
  let end = lpsOf(volume, hit), best = Infinity;
  for (const q of comp.vox) {
    const p = lpsOf(volume, q);
    const d = Math.hypot(p[0] - start[0], p[1] - start[1], p[2] - start[2]);
    if (d < best) { best = d; end = p; }
  }
  const line = new Set<number>();
  for (const p of bridgePath(volume, start, end)) { const q = indexOf(volume, p); if (q >= 0) line.add(q); }
  return { voxels: [...line, ...comp.vox] };
}

/** Mean HU of the 3×3×3 block around fine voxel q (clamped at the borders): noise down about five times. */
function smoothHu(volume: Volume, q: number): number {
  const [nx, ny, nz] = volume.dimensions;
  const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / (nx * ny));
  let s = 0, n = 0;
  for (let c = Math.max(0, k - 1); c <= Math.min(nz - 1, k + 1); c++) for (let b = Math.max(0, j - 1); b <= Math.min(ny - 1, j + 1); b++) {
    const row = nx * (b + ny * c);
    for (let a = Math.max(0, i - 1); a <= Math.min(nx - 1, i + 1); a++) { s += volume.voxels[row + a]!; n++; }
  }
  return s / n;
}

/**
 * A vessel refilled by collaterals beyond an occlusion is dimmer than the threshold. Ahead in the cone, the first
 * point brighter than half-way between the tissue and the threshold (3×3×3 means) is taken to its brightest
 * neighbour within 1.5 mm (its lumen level L); the brightest quarter of a shell 3.5–5 mm around it is its
 * surroundings (B: the right heart next to an RCA). It is a lumen when L − B ≥ 3 noise SD, and its voxels are
 * those above (L + B) / 2 outside the chambers.
 */
function dimLumen(volume: Volume, start: readonly number[], dir: Leaf['dir'], visited: Uint32Array, ctx: DimContext): { hit: number; pass: (q: number) => boolean } | null {
  const candidate = (ctx.tissueHu + ctx.thresholdHu) / 2;
  const first = coneHit(volume, start, dir, (q) => !bitGet(visited, q) && !ctx.isBig(q) && smoothHu(volume, q) >= candidate);
  if (first < 0) return null;
  const c = lpsOf(volume, first);
  let best = first, L = smoothHu(volume, first);
  const offsets = (rMm: number, n: number): number[][] => Array.from({ length: n }, (_, m) => {
    // a Fibonacci sphere of n directions
    const z = 1 - (2 * (m + 0.5)) / n, r = Math.sqrt(1 - z * z), ph = m * 2.399963;
    return [rMm * r * Math.cos(ph), rMm * r * Math.sin(ph), rMm * z];
  });
  for (const rMm of [0.5, 1, 1.5]) for (const o of offsets(rMm, 26)) {
    const q = indexOf(volume, [c[0] + o[0]!, c[1] + o[1]!, c[2] + o[2]!]);
    if (q >= 0 && !ctx.isBig(q)) { const h = smoothHu(volume, q); if (h > L) { L = h; best = q; } }
  }
  const cb = lpsOf(volume, best);
  const shell: number[] = [];
  for (const rMm of [3.5, 4.25, 5]) for (const o of offsets(rMm, 40)) {
    const q = indexOf(volume, [cb[0] + o[0]!, cb[1] + o[1]!, cb[2] + o[2]!]);
    if (q >= 0) shell.push(smoothHu(volume, q));
  }
  shell.sort((a, b) => a - b);
  const B = shell[Math.floor(0.75 * (shell.length - 1))] ?? ctx.tissueHu;
  if (L - B < 3 * ctx.noiseSdHu) return null;
  const level = (L + B) / 2;
  return { hit: best, pass: (q) => !ctx.isBig(q) && smoothHu(volume, q) >= level };
}

/**
 * The bridge follows what is left of the lumen through the stenosis: the traced-vessel centreline between
 * the two ends (minimal path on the lumen cost, recentred, pin-holes followed); a straight line when that
 * fails (an occlusion with nothing to follow). Points every ≤ half a voxel.
 */
function bridgePath(volume: Volume, a: [number, number, number], b: [number, number, number]): Lps[] {
  const step = Math.min(...volume.spacingMm) / 2;
  let pts: Lps[];
  try {
    pts = extractCentreline(volume, { fromLps: a, toLps: b }, { padMm: 4, stepMm: step }).pointsLps;
  } catch {
    pts = [a, b];
  }
  // an occlusion has no lumen for the minimal path to follow: it runs through whatever is brightest nearby (a
  // chamber's edge); a coronary bends no more than the heart's surface it lies on, so a path farther from the
  // chord than that surface's sagitta over the gap plus a voxel is no vessel: the chord it is
  const chord = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  const allowedMm = (chord * chord) / (8 * MIN_SURFACE_RADIUS_MM) + Math.max(...volume.spacingMm);
  if (pts.some((p) => distanceToSegment(p, a, b) > allowedMm)) pts = [a, b];
  const out: Lps[] = [];
  for (let q = 1; q < pts.length; q++) {
    const p = pts[q - 1]!, r = pts[q]!;
    const len = Math.hypot(r[0] - p[0], r[1] - p[1], r[2] - p[2]);
    for (let t = 0; t < len; t += step) { const f = t / len; out.push([p[0] + (r[0] - p[0]) * f, p[1] + (r[1] - p[1]) * f, p[2] + (r[2] - p[2]) * f]); }
  }
  out.push(pts[pts.length - 1]!);
  return out;
}
