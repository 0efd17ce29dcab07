/**
 * Lumen contour of one cross-section as radii along rays (ray r at angle 2πr/R from the frame normal N
 * towards the binormal B, about the centreline point). Pure geometry: points in LPS mm, polygon area,
 * moving one point.
 */
export type Vec3 = readonly [number, number, number];

export interface SectionFrame {
  readonly centreLps: Vec3;
  readonly n: Vec3;
  readonly b: Vec3;
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

/** Area (mm²) of the star-shaped polygon of the radii: Σ ½ rᵢ rᵢ₊₁ sin(2π/R). Non-finite radii count as 0. */
export function polygonAreaMm2(radiiMm: ArrayLike<number>): number {
  const R = radiiMm.length;
  if (R < 3) return 0;
  const k = 0.5 * Math.sin((2 * Math.PI) / R);
  let a = 0;
  for (let r = 0; r < R; r++) {
    const r0 = radiiMm[r]!, r1 = radiiMm[(r + 1) % R]!;
    a += (Number.isFinite(r0) ? r0 : 0) * (Number.isFinite(r1) ? r1 : 0);
  }
  return a * k;
}

/** Equivalent diameter of an area: d = 2·√(A/π). */
export function equivalentDiameterMm(areaMm2: number): number {
  return 2 * Math.sqrt(Math.max(0, areaMm2) / Math.PI);
}

/** Minimal and maximal diameters across opposite rays (R even). */
export function minMaxDiameterMm(radiiMm: ArrayLike<number>): { minMm: number; maxMm: number } {
  const R = radiiMm.length, h = R >> 1;
  let minMm = Infinity, maxMm = 0;
  for (let r = 0; r < h; r++) {
    const d = (radiiMm[r] ?? 0) + (radiiMm[r + h] ?? 0);
    minMm = Math.min(minMm, d);
    maxMm = Math.max(maxMm, d);
  }
  return { minMm: Number.isFinite(minMm) ? minMm : 0, maxMm };
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

/** Index of the contour point nearest to (x, y) in canvas pixels, or -1 when none is within `maxPx`. */
export function nearestPoint(pointsPx: readonly (readonly [number, number])[], x: number, y: number, maxPx: number): number {
  let best = -1, bestD = maxPx;
  pointsPx.forEach((p, i) => {
    const d = Math.hypot(p[0] - x, p[1] - y);
    if (d <= bestD) { bestD = d; best = i; }
  });
  return best;
}

/** Contour frame of section q: its centreline point and the worker's lumen frames (flat N and B, 3 per section). */
export function sectionFrameOf(a: { readonly centreline: { readonly pointsLps: readonly Vec3[] } }, t: { readonly frameN: Float32Array; readonly frameB: Float32Array }, q: number): SectionFrame {
  const p = a.centreline.pointsLps[q];
  if (!p) throw new Error(`section ${q} is outside the centreline (${a.centreline.pointsLps.length} sections)`);
  return {
    centreLps: p,
    n: [t.frameN[q * 3]!, t.frameN[q * 3 + 1]!, t.frameN[q * 3 + 2]!],
    b: [t.frameB[q * 3]!, t.frameB[q * 3 + 1]!, t.frameB[q * 3 + 2]!],
  };
}
