/**
 * LPS mm ↔ continuous voxel index (ijk) affine used by every kernel.
 * Kernels sample in continuous ijk (voxel units, voxel centres at integers); callers speak LPS mm.
 * The affine is precomputed once per volume: ijk = M · (p_lps − origin_lps), M row r = dir_r / spacing_r
 * (exact for the orthogonal direction cosines every project volume has, see src/volume/volume.ts).
 */
import type { Lps, Vec3, VolumeGeometry } from '../volume/volume';

export interface IjkAffine {
  /** 3×3 row-major: row r maps an LPS mm vector onto axis r in voxels. */
  readonly m: Float64Array;
  readonly originLps: Lps;
  readonly dimensions: readonly [number, number, number];
}

export function ijkAffine(g: VolumeGeometry): IjkAffine {
  const m = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    const d = g.directions[r as 0 | 1 | 2];
    const s = g.spacingMm[r as 0 | 1 | 2];
    if (!(s > 0)) throw new Error(`volume spacingMm[${r}] must be > 0, got ${s}`);
    m[r * 3] = d[0] / s;
    m[r * 3 + 1] = d[1] / s;
    m[r * 3 + 2] = d[2] / s;
  }
  return { m, originLps: g.originLps, dimensions: g.dimensions };
}

/** LPS point (mm) → continuous ijk written at out[o..o+2]. */
export function pointToIjk(a: IjkAffine, x: number, y: number, z: number, out: Float32Array | Float64Array, o: number): void {
  const dx = x - a.originLps[0];
  const dy = y - a.originLps[1];
  const dz = z - a.originLps[2];
  const m = a.m;
  out[o] = m[0]! * dx + m[1]! * dy + m[2]! * dz;
  out[o + 1] = m[3]! * dx + m[4]! * dy + m[5]! * dz;
  out[o + 2] = m[6]! * dx + m[7]! * dy + m[8]! * dz;
}

/** LPS displacement (mm) → displacement in voxels written at out[o..o+2]. */
export function vectorToIjk(a: IjkAffine, x: number, y: number, z: number, out: Float32Array | Float64Array, o: number): void {
  const m = a.m;
  out[o] = m[0]! * x + m[1]! * y + m[2]! * z;
  out[o + 1] = m[3]! * x + m[4]! * y + m[5]! * z;
  out[o + 2] = m[6]! * x + m[7]! * y + m[8]! * z;
}

// Small vector helpers (allocation-free variants write into `out`).
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function cross(a: Vec3, b: Vec3): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}
export function normalise(a: Vec3, what = 'vector'): [number, number, number] {
  const n = norm(a);
  if (!(n > 1e-12) || !Number.isFinite(n)) throw new Error(`${what} must be a finite non-zero vector, got [${a.join(', ')}]`);
  return [a[0] / n, a[1] / n, a[2] / n];
}
