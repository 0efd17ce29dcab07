// Small analytic phantoms for kernel tests. Convention: LPS mm, identity-or-given directions,
// voxel (i, j, k) centre at origin + i·sx·dirI + j·sy·dirJ + k·sz·dirK (src/volume/volume.ts).
import type { Vec3, Volume } from '../../../src/volume/volume';
import { seededRandom } from '../../bench/harness';

export function makeVolume(
  dims: [number, number, number], spacingMm: [number, number, number], originLps: Vec3,
  value: (x: number, y: number, z: number, i: number, j: number, k: number) => number,
  directions: [Vec3, Vec3, Vec3] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
): Volume {
  const [nx, ny, nz] = dims;
  const voxels = new Int16Array(nx * ny * nz);
  const [a, b, c] = directions;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const u = i * spacingMm[0], v = j * spacingMm[1], w = k * spacingMm[2];
    const x = originLps[0] + u * a[0] + v * b[0] + w * c[0];
    const y = originLps[1] + u * a[1] + v * b[1] + w * c[1];
    const z = originLps[2] + u * a[2] + v * b[2] + w * c[2];
    voxels[i + j * nx + k * nx * ny] = Math.round(value(x, y, z, i, j, k));
  }
  return { dimensions: dims, spacingMm, originLps, directions, voxels };
}

export function randomVolume(seed: number, dims: [number, number, number]): Volume {
  const r = seededRandom(seed);
  return makeVolume(dims, [0.3 + r() * 0.5, 0.3 + r() * 0.5, 0.3 + r() * 0.7], [-20 * r(), 10 * r(), -5 * r()],
    () => -1024 + r() * 4000);
}

/** Tube of radius rMm (450 HU in 40 HU, linear partial-volume edge 0.5 mm wide) around a polyline. */
export function tubeValue(polyLps: Float64Array, rMm: number): (x: number, y: number, z: number) => number {
  const n = polyLps.length / 3;
  return (x, y, z) => {
    let best = Infinity;
    for (let s = 0; s + 1 < n; s++) {
      const ax = polyLps[3 * s]!, ay = polyLps[3 * s + 1]!, az = polyLps[3 * s + 2]!;
      const bx = polyLps[3 * s + 3]! - ax, by = polyLps[3 * s + 4]! - ay, bz = polyLps[3 * s + 5]! - az;
      const qx = x - ax, qy = y - ay, qz = z - az;
      if (Math.abs(qx) > best + 3 && Math.abs(qy) > best + 3 && Math.abs(qz) > best + 3) continue;
      const w = Math.min(1, Math.max(0, (qx * bx + qy * by + qz * bz) / (bx * bx + by * by + bz * bz)));
      best = Math.min(best, Math.hypot(qx - w * bx, qy - w * by, qz - w * bz));
    }
    const f = Math.min(1, Math.max(0, (rMm - best) / 0.5 + 0.5));
    return 40 + 410 * f;
  };
}

/** Catmull–Rom spline through random control points in a box, sampled every stepMm (approx.). */
export function randomSpline(seed: number, controls: number, boxMm: Vec3, centre: Vec3, stepMm = 0.25): Float64Array {
  const r = seededRandom(seed);
  const c: Vec3[] = [];
  for (let i = 0; i < controls; i++) c.push([centre[0] + (r() - 0.5) * boxMm[0], centre[1] + (r() - 0.5) * boxMm[1], centre[2] + (r() - 0.5) * boxMm[2]]);
  const out: number[] = [];
  for (let s = 0; s + 1 < c.length; s++) {
    const p0 = c[Math.max(0, s - 1)]!, p1 = c[s]!, p2 = c[s + 1]!, p3 = c[Math.min(c.length - 1, s + 2)]!;
    const len = Math.hypot(p2[0] - p1[0], p2[1] - p1[1], p2[2] - p1[2]);
    const m = Math.max(2, Math.ceil(len / stepMm));
    for (let q = 0; q < m; q++) {
      const t = q / m, t2 = t * t, t3 = t2 * t;
      for (let d = 0; d < 3; d++) {
        out.push(0.5 * (2 * p1[d]! + (-p0[d]! + p2[d]!) * t + (2 * p0[d]! - 5 * p1[d]! + 4 * p2[d]! - p3[d]!) * t2 + (-p0[d]! + 3 * p1[d]! - 3 * p2[d]! + p3[d]!) * t3));
      }
    }
  }
  const last = c[c.length - 1]!;
  out.push(last[0], last[1], last[2]);
  return Float64Array.from(out);
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Like makeVolume(…, tubeValue(poly, r)) but paints only near the polyline (fast for long curves). */
export function tubeVolume(dims: [number, number, number], spacingMm: [number, number, number], poly: Float64Array, rMm: number): Volume {
  const [nx, ny, nz] = dims;
  const dist = new Float32Array(nx * ny * nz).fill(Infinity);
  const n = poly.length / 3, reach = rMm + 1;
  for (let s = 0; s + 1 < n; s++) {
    const ax = poly[3 * s]!, ay = poly[3 * s + 1]!, az = poly[3 * s + 2]!;
    const bx = poly[3 * s + 3]! - ax, by = poly[3 * s + 4]! - ay, bz = poly[3 * s + 5]! - az;
    const l2 = bx * bx + by * by + bz * bz;
    const lo = [Math.min(ax, ax + bx) - reach, Math.min(ay, ay + by) - reach, Math.min(az, az + bz) - reach];
    const hi = [Math.max(ax, ax + bx) + reach, Math.max(ay, ay + by) + reach, Math.max(az, az + bz) + reach];
    for (let k = Math.max(0, Math.floor(lo[2]! / spacingMm[2])); k <= Math.min(nz - 1, Math.ceil(hi[2]! / spacingMm[2])); k++)
      for (let j = Math.max(0, Math.floor(lo[1]! / spacingMm[1])); j <= Math.min(ny - 1, Math.ceil(hi[1]! / spacingMm[1])); j++)
        for (let i = Math.max(0, Math.floor(lo[0]! / spacingMm[0])); i <= Math.min(nx - 1, Math.ceil(hi[0]! / spacingMm[0])); i++) {
          const qx = i * spacingMm[0] - ax, qy = j * spacingMm[1] - ay, qz = k * spacingMm[2] - az;
          const w = Math.min(1, Math.max(0, (qx * bx + qy * by + qz * bz) / l2));
          const d = Math.hypot(qx - w * bx, qy - w * by, qz - w * bz);
          const o = i + j * nx + k * nx * ny;
          if (d < dist[o]!) dist[o] = d;
        }
  }
  const voxels = new Int16Array(nx * ny * nz);
  for (let o = 0; o < voxels.length; o++) voxels[o] = Math.round(40 + 410 * Math.min(1, Math.max(0, (rMm - dist[o]!) / 0.5 + 0.5)));
  return { dimensions: dims, spacingMm, originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels };
}
