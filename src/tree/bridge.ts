/**
 * A severe stenosis or an occlusion cuts the bright lumen: the vessel beyond is a separate component. From a
 * leaf that ends while the vessel is still wide (coronaries narrow below 2 mm before they end), look ahead in a
 * cone for the next thin bright component, in line, and join it with a straight bridge.
 */
import type { Volume } from '../volume/volume.ts';
import { bitGet, collectComponent, type Component } from './component.ts';
import { extractCentreline } from '../vessel/centreline.ts';
import type { P3 } from '../vessel/curve.ts';

/** Total occlusions seen on CCTA are mostly ≤ 20 mm long: the search reaches this far ahead (mm). */
export const MAX_BRIDGE_MM = 20;
/** Half-angle of the search cone, degrees (a vessel's course bends little over a short occlusion). */
const CONE_DEG = 35;
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

/** Unit directions within CONE_DEG of `u` (rings of 8 every 7°). */
function coneDirections(u: readonly [number, number, number]): [number, number, number][] {
  const a: [number, number, number] = Math.abs(u[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  let n: [number, number, number] = [u[1] * a[2] - u[2] * a[1], u[2] * a[0] - u[0] * a[2], u[0] * a[1] - u[1] * a[0]];
  const ln = Math.hypot(...n); n = [n[0] / ln, n[1] / ln, n[2] / ln];
  const b: [number, number, number] = [u[1] * n[2] - u[2] * n[1], u[2] * n[0] - u[0] * n[2], u[0] * n[1] - u[1] * n[0]];
  const out: [number, number, number][] = [[u[0], u[1], u[2]]];
  for (let t = 7; t <= CONE_DEG; t += 7) {
    const th = (t * Math.PI) / 180;
    for (let m = 0; m < 8; m++) {
      const ph = (m * Math.PI) / 4;
      const c = Math.cos(th), s = Math.sin(th);
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
export function bridgeFrom(volume: Volume, leaf: Leaf, isThin: (q: number) => boolean, visited: Uint32Array, maxVoxels: number, radiusOf: (c: Component) => number): Bridge | null {
  const start = lpsOf(volume, leaf.q);
  const step = Math.min(...volume.spacingMm) / 2;
  let hit = -1, hitT = Infinity;
  for (const d of coneDirections(leaf.dir)) {
    for (let t = 1; t <= MAX_BRIDGE_MM && t < hitT; t += step) {
      const q = indexOf(volume, [start[0] + d[0] * t, start[1] + d[1] * t, start[2] + d[2] * t]);
      if (q < 0) break;
      if (!bitGet(visited, q) && isThin(q)) { hit = q; hitT = t; break; }
    }
  }
  if (hit < 0) return null;
  const comp = collectComponent(volume, isThin, [hit], visited, maxVoxels);
  if (!comp) return null;
  const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
  if (comp.vox.length * voxelMm3 < MIN_RESUMED_MM3 || radiusOf(comp) < MIN_RESUMED_RADIUS_MM) return null;
  const end = lpsOf(volume, hit);
  const line = new Set<number>();
  for (const p of bridgePath(volume, start, end)) { const q = indexOf(volume, p); if (q >= 0) line.add(q); }
  return { voxels: [...line, ...comp.vox] };
}

/**
 * The bridge follows what is left of the lumen through the stenosis: the traced-vessel centreline between
 * the two ends (minimal path on the lumen cost, recentred, pin-holes followed); a straight line when that
 * fails (an occlusion with nothing to follow). Points every ≤ half a voxel.
 */
function bridgePath(volume: Volume, a: [number, number, number], b: [number, number, number]): P3[] {
  const step = Math.min(...volume.spacingMm) / 2;
  let pts: P3[];
  try {
    pts = extractCentreline(volume, { fromLps: a, toLps: b }, { padMm: 4, stepMm: step }).pointsLps;
  } catch {
    pts = [a, b];
  }
  const out: P3[] = [];
  for (let q = 1; q < pts.length; q++) {
    const p = pts[q - 1]!, r = pts[q]!;
    const len = Math.hypot(r[0] - p[0], r[1] - p[1], r[2] - p[2]);
    for (let t = 0; t < len; t += step) { const f = t / len; out.push([p[0] + (r[0] - p[0]) * f, p[1] + (r[1] - p[1]) * f, p[2] + (r[2] - p[2]) * f]); }
  }
  out.push(pts[pts.length - 1]!);
  return out;
}
