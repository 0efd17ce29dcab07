/**
 * Geometry of one cross-section contour given as radii along rays (ray r at angle 2πr/R from the frame normal N
 * towards the binormal B, about the centreline point). The automatic contours (rays.ts, lumen.ts) and the
 * user-edited ones are measured here alike. A non-finite radius (a ray that found no edge) counts as 0.
 */
import type { Vec3 } from '../volume/volume.ts';

export interface SectionFrame {
  readonly centreLps: Vec3;
  readonly n: Vec3;
  readonly b: Vec3;
}

export interface ContourShape {
  /** area of the star-shaped polygon of the radii, mm² */
  readonly areaMm2: number;
  /** smallest and largest sum of two opposite radii (R even), mm */
  readonly minDiameterMm: number;
  readonly maxDiameterMm: number;
  /** centroid of the polygon in the (N, B) plane, mm ([0, 0] for a polygon without area) */
  readonly centroid: [number, number];
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** cos and sin of q·2π/rays for q = 0…rays (the last one the turn itself, as q + 1 reads it), per ray count */
const angles = new Map<number, { cos: Float64Array; sin: Float64Array }>();
function rayAngles(rays: number): { cos: Float64Array; sin: Float64Array } {
  let a = angles.get(rays);
  if (!a) {
    const dth = (2 * Math.PI) / rays, cos = new Float64Array(rays + 1), sin = new Float64Array(rays + 1);
    for (let q = 0; q <= rays; q++) { cos[q] = Math.cos(q * dth); sin[q] = Math.sin(q * dth); }
    a = { cos, sin };
    angles.set(rays, a);
  }
  return a;
}

/** Area, opposite-ray diameters and centroid of the contour. */
export function contourShape(radiiMm: ArrayLike<number>): ContourShape {
  const rays = radiiMm.length;
  if (rays < 3) return { areaMm2: 0, minDiameterMm: 0, maxDiameterMm: 0, centroid: [0, 0] };
  const { cos, sin } = rayAngles(rays);
  let area = 0, cx = 0, cy = 0;
  for (let q = 0; q < rays; q++) {
    const r0 = finite(radiiMm[q]!), r1 = finite(radiiMm[(q + 1) % rays]!);
    const x0 = r0 * cos[q]!, y0 = r0 * sin[q]!;
    const x1 = r1 * cos[q + 1]!, y1 = r1 * sin[q + 1]!;
    const cr = x0 * y1 - x1 * y0;
    area += cr; cx += (x0 + x1) * cr; cy += (y0 + y1) * cr;
  }
  area *= 0.5;
  const centroid: [number, number] = area > 1e-9 ? [cx / (6 * area), cy / (6 * area)] : [0, 0];
  let dmin = Infinity, dmax = 0;
  const half = rays >> 1;
  for (let q = 0; q < half; q++) {
    const d = finite(radiiMm[q]!) + finite(radiiMm[q + half]!);
    dmin = Math.min(dmin, d); dmax = Math.max(dmax, d);
  }
  return { areaMm2: Math.max(0, area), minDiameterMm: dmin, maxDiameterMm: dmax, centroid };
}

/** Equivalent diameter of an area: d = 2·√(A/π). */
export function equivalentDiameterMm(areaMm2: number): number {
  return 2 * Math.sqrt(Math.max(0, areaMm2) / Math.PI);
}

/** Fraction of finite outer rays below which a section's outer area is not measurable. */
const MIN_OUTER_RAYS = 0.75;

/**
 * Outer vessel area of a section: the sectors of the finite outer rays, scaled up to the whole turn when at
 * least 75 % of the rays found the wall, else NaN.
 */
export function outerAreaMm2(outerRadiiMm: ArrayLike<number>): number {
  const R = outerRadiiMm.length;
  let area = 0, count = 0;
  for (let r = 0; r < R; r++) {
    const om = outerRadiiMm[r]!;
    if (Number.isFinite(om)) { area += 0.5 * om * om * ((2 * Math.PI) / R); count++; }
  }
  return count >= MIN_OUTER_RAYS * R ? (area * R) / count : NaN;
}

/** LPS points of the contour (one per ray). Rays with a non-finite radius are skipped. */
export function contourPointsLps(radiiMm: ArrayLike<number>, f: SectionFrame): [number, number, number][] {
  const R = radiiMm.length;
  const out: [number, number, number][] = [];
  for (let r = 0; r < R; r++) {
    const rad = radiiMm[r]!;
    if (!Number.isFinite(rad)) continue;
    const th = (2 * Math.PI * r) / R;
    const c = Math.cos(th) * rad, s = Math.sin(th) * rad;
    out.push([f.centreLps[0] + c * f.n[0] + s * f.b[0], f.centreLps[1] + c * f.n[1] + s * f.b[1], f.centreLps[2] + c * f.n[2] + s * f.b[2]]);
  }
  return out;
}

/**
 * Drags contour point `ray` to `pointLps`: the ray keeps its angle, its radius becomes the projection of
 * the point on the ray direction (≥ 0). Returns a new radii array.
 */
export function moveContourPoint(radiiMm: ArrayLike<number>, ray: number, pointLps: Vec3, f: SectionFrame): Float32Array {
  const R = radiiMm.length;
  if (!Number.isInteger(ray) || ray < 0 || ray >= R) throw new Error(`contour ray must be an integer in [0, ${R - 1}], got ${ray}`);
  const th = (2 * Math.PI * ray) / R;
  const dir = [0, 1, 2].map((i) => Math.cos(th) * f.n[i]! + Math.sin(th) * f.b[i]!);
  const d = [0, 1, 2].map((i) => pointLps[i]! - f.centreLps[i]!);
  const out = Float32Array.from(radiiMm);
  out[ray] = Math.max(0, d[0]! * dir[0]! + d[1]! * dir[1]! + d[2]! * dir[2]!);
  return out;
}

/** Radius of the star-shaped polygon of `radii` in direction θ; NaN when an end is not finite. */
export function polygonRadiusAt(radii: ArrayLike<number>, theta: number): number {
  const R = radii.length, dth = (2 * Math.PI) / R;
  let t = theta % (2 * Math.PI);
  if (t < 0) t += 2 * Math.PI;
  const k = Math.min(R - 1, Math.floor(t / dth));
  const r0 = radii[k]!, r1 = radii[(k + 1) % R]!;
  if (!Number.isFinite(r0) || !Number.isFinite(r1)) return NaN;
  const a = t - k * dth, den = r0 * Math.sin(a) + r1 * Math.sin(dth - a);
  return den > 1e-12 ? (r0 * r1 * Math.sin(dth)) / den : 0;
}

/** Contour frame of section q: its centreline point and the lumen frames (flat N and B, 3 per section). */
export function sectionFrameOf(a: { readonly centreline: { readonly pointsLps: readonly Vec3[] } }, t: { readonly frameN: Float32Array; readonly frameB: Float32Array }, q: number): SectionFrame {
  const p = a.centreline.pointsLps[q];
  if (!p) throw new Error(`section ${q} is outside the centreline (${a.centreline.pointsLps.length} sections)`);
  return {
    centreLps: p,
    n: [t.frameN[q * 3]!, t.frameN[q * 3 + 1]!, t.frameN[q * 3 + 2]!],
    b: [t.frameB[q * 3]!, t.frameB[q * 3 + 1]!, t.frameB[q * 3 + 2]!],
  };
}

/** Index of the contour point nearest to (x, y) on the screen (pixels), or -1 when none is within `maxPx`. */
export function nearestPoint(pointsPx: readonly (readonly [number, number])[], x: number, y: number, maxPx: number): number {
  let best = -1, bestD = maxPx;
  pointsPx.forEach((p, i) => {
    const d = Math.hypot(p[0] - x, p[1] - y);
    if (d <= bestD) { bestD = d; best = i; }
  });
  return best;
}
