// Test-only trilinear sampler of a Volume in LPS (independent of src/kernels).
import type { Volume } from '../../../src/volume/volume';
import type { Truth, TruthPoint } from '../../../sample-data/truth';

export function sampleLps(v: Volume, p: readonly number[]): number {
  const [nx, ny, nz] = v.dimensions;
  const o = v.originLps;
  const d = [p[0]! - o[0], p[1]! - o[1], p[2]! - o[2]];
  const f = [0, 1, 2].map((a) => {
    const dir = v.directions[a]!;
    return (d[0]! * dir[0] + d[1]! * dir[1] + d[2]! * dir[2]) / v.spacingMm[a]!;
  });
  const [fi, fj, fk] = f as [number, number, number];
  if (fi < 0 || fj < 0 || fk < 0 || fi > nx - 1 || fj > ny - 1 || fk > nz - 1) return NaN;
  const i0 = Math.min(nx - 2, Math.floor(fi)), j0 = Math.min(ny - 2, Math.floor(fj)), k0 = Math.min(nz - 2, Math.floor(fk));
  const a = fi - i0, b = fj - j0, c = fk - k0;
  const at = (i: number, j: number, k: number) => v.voxels[i + j * nx + k * nx * ny]!;
  const c00 = at(i0, j0, k0) * (1 - a) + at(i0 + 1, j0, k0) * a;
  const c10 = at(i0, j0 + 1, k0) * (1 - a) + at(i0 + 1, j0 + 1, k0) * a;
  const c01 = at(i0, j0, k0 + 1) * (1 - a) + at(i0 + 1, j0, k0 + 1) * a;
  const c11 = at(i0, j0 + 1, k0 + 1) * (1 - a) + at(i0 + 1, j0 + 1, k0 + 1) * a;
  return (c00 * (1 - b) + c10 * b) * (1 - c) + (c01 * (1 - b) + c11 * b) * c;
}

/** Unit tangent and two normals at point i of a truth centreline (central difference over ±1 mm). */
export function frameAt(points: TruthPoint[], i: number): { t: number[]; n1: number[]; n2: number[] } {
  const a = points[Math.max(0, i - 4)]!.lps;
  const b = points[Math.min(points.length - 1, i + 4)]!.lps;
  const t = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const tl = Math.hypot(t[0]!, t[1]!, t[2]!);
  for (let k = 0; k < 3; k++) t[k]! /= tl;
  const ref = Math.abs(t[2]!) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const c = (x: number[], y: number[]) => [x[1]! * y[2]! - x[2]! * y[1]!, x[2]! * y[0]! - x[0]! * y[2]!, x[0]! * y[1]! - x[1]! * y[0]!];
  let n1 = c(t, ref);
  const l1 = Math.hypot(n1[0]!, n1[1]!, n1[2]!);
  n1 = n1.map((x) => x / l1);
  const n2 = c(t, n1);
  return { t, n1, n2 };
}

/** Bounding box (LPS) of every centreline point of the truth, grown by marginMm. */
export function coronaryBox(truth: Truth, marginMm: number): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const v of truth.vessels) for (const p of v.points) for (let a = 0; a < 3; a++) {
    min[a] = Math.min(min[a]!, p.lps[a]! - marginMm);
    max[a] = Math.max(max[a]!, p.lps[a]! + marginMm);
  }
  return { min, max };
}
