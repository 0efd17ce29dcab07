// Signed-distance primitives (mm, negative inside) and the partial-volume coverage ramp.

/** Axis-aligned ellipsoid in some local frame: centre and semi-axes, mm; optional cut keeping x ≥ cutX. */
export interface Ellipsoid {
  c: [number, number, number];
  r: [number, number, number];
  cutX?: number;
}

/**
 * Approximate signed distance to an ellipsoid (Quilez' k0·(k0−1)/k1 bound: exact on the surface,
 * good within a few mm of it, which is all partial volume needs). With `cutX` the ellipsoid is
 * intersected with the half-space x ≥ cutX (flat valve/base plane).
 */
export function sdEllipsoid(e: Ellipsoid, x: number, y: number, z: number): number {
  const px = x - e.c[0];
  const py = y - e.c[1];
  const pz = z - e.c[2];
  const ax = px / e.r[0];
  const ay = py / e.r[1];
  const az = pz / e.r[2];
  const k0 = Math.sqrt(ax * ax + ay * ay + az * az);
  const rMin = Math.min(e.r[0], e.r[1], e.r[2]);
  if (k0 > 1.2 || k0 < 0.8) {
    // far from the surface: a conservative bound is enough (|d| ≥ |k0 − 1|·rMin)
    const dFar = (k0 - 1) * rMin;
    return e.cutX !== undefined ? Math.max(dFar, e.cutX - x) : dFar;
  }
  const bx = ax / e.r[0];
  const by = ay / e.r[1];
  const bz = az / e.r[2];
  const k1 = Math.sqrt(bx * bx + by * by + bz * bz);
  let d = k1 > 1e-9 ? (k0 * (k0 - 1)) / k1 : -rMin;
  if (e.cutX !== undefined) d = Math.max(d, e.cutX - x);
  return d;
}

/** Polynomial smooth minimum (Quilez), blend width k mm. */
export function smin(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

/** Distance from p to segment a→b minus radius (capsule), all LPS mm. */
export function sdCapsule(
  px: number, py: number, pz: number,
  a: readonly number[], b: readonly number[], radiusMm: number,
): number {
  const abx = b[0]! - a[0]!;
  const aby = b[1]! - a[1]!;
  const abz = b[2]! - a[2]!;
  const apx = px - a[0]!;
  const apy = py - a[1]!;
  const apz = pz - a[2]!;
  const len2 = abx * abx + aby * aby + abz * abz;
  let t = len2 > 0 ? (apx * abx + apy * aby + apz * abz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = apx - t * abx;
  const dy = apy - t * aby;
  const dz = apz - t * abz;
  return Math.sqrt(dx * dx + dy * dy + dz * dz) - radiusMm;
}

/** Signed distance to a polyline tube (chain of capsules of one radius). */
export function sdTube(px: number, py: number, pz: number, pts: readonly (readonly number[])[], radiusMm: number): number {
  let d = Infinity;
  for (let i = 0; i + 1 < pts.length; i++) d = Math.min(d, sdCapsule(px, py, pz, pts[i]!, pts[i + 1]!, radiusMm));
  return d;
}

/** 2-D ellipse signed distance (approximate, same bound as sdEllipsoid). */
export function sdEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): number {
  const ax = (x - cx) / rx;
  const ay = (y - cy) / ry;
  const k0 = Math.sqrt(ax * ax + ay * ay);
  const bx = ax / rx;
  const by = ay / ry;
  const k1 = Math.sqrt(bx * bx + by * by);
  return k1 > 1e-9 ? (k0 * (k0 - 1)) / k1 : -Math.min(rx, ry);
}

/**
 * Fraction of a voxel inside a surface at signed distance d (mm) from the voxel centre:
 * the box-filter of a locally planar boundary, ramp width hMm (≈ voxel size).
 */
export function coverage(dMm: number, hMm: number): number {
  const f = 0.5 - dMm / hMm;
  return f <= 0 ? 0 : f >= 1 ? 1 : f;
}
