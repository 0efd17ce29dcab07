/**
 * The cross-section model of a vessel: at arc length s, a residual lumen circle (radius rL, centre offset
 * toward one wall), the plaque's outer boundary rP (the reference lumen radius plus positive remodelling),
 * a wall ring, and inside the plaque calcium arcs, nodules and napkin-ring rims. Tabulated every STEP_MM.
 */
import type { Curve } from './curve.ts';
import type { BranchSpec, LesionSpec, SeriesSpec } from './spec.ts';

/** Tissue codes, in priority order (a higher code wins where two vessels overlap). */
export const OUTSIDE = 0, WALL = 1, PLAQUE = 2, CALCIUM = 3, LUMEN = 4;

export interface Hit { code: number; hu: number }

/** Lesion profile in [0, 1]: 0 = healthy, 1 = the lesion's full severity. */
export function lesionShape(l: LesionSpec, sMm: number): number {
  const half = l.lengthMm / 2;
  const u = sMm - l.centreSMm;
  if (u <= -half || u >= half) return 0;
  switch (l.shape) {
    case 'cosine':
      return 0.5 * (1 + Math.cos((Math.PI * u) / half));
    case 'abrupt': {
      const d = half - Math.abs(u);
      return d >= l.rampMm ? 1 : smoothstep(d / l.rampMm);
    }
    case 'occlusion': {
      const d = Math.abs(u) - l.runMm / 2;
      return d <= 0 ? 1 : 0.5 * (1 + Math.cos((Math.PI * d) / l.shoulderMm));
    }
    case 'diffuse': {
      const taper = 0.3 * l.lengthMm;
      const d = half - Math.abs(u);
      const window = d >= taper ? 1 : 0.5 * (1 - Math.cos((Math.PI * d) / taper));
      const w = Math.abs(sMm - l.peakSMm);
      const bump = w >= 4 ? 0 : 0.5 * (1 + Math.cos((Math.PI * w) / 4));
      return window * (0.75 + 0.25 * bump);
    }
  }
}

function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}

export function referenceRadiusMm(spec: SeriesSpec, sMm: number): number {
  const v = spec.vessel;
  const t = Math.min(1, Math.max(0, sMm / v.lengthMm));
  return v.radiusProximalMm + (v.radiusDistalMm - v.radiusProximalMm) * t;
}

/** Per-sample tables of the main vessel's cross-section. */
export interface SectionTable {
  readonly rLumen: Float32Array;
  readonly cx: Float32Array;
  readonly cy: Float32Array;
  readonly rPlaque: Float32Array;
  readonly lumenHu: Float32Array;
  /** index of the lesion acting here, −1 for none */
  readonly lesion: Int16Array;
}

export function sectionTable(spec: SeriesSpec, curve: Curve): SectionTable {
  const n = curve.count;
  const t: SectionTable = {
    rLumen: new Float32Array(n), cx: new Float32Array(n), cy: new Float32Array(n),
    rPlaque: new Float32Array(n), lumenHu: new Float32Array(n), lesion: new Int16Array(n).fill(-1),
  };
  const occl = spec.lesions.filter((l) => l.shape === 'occlusion');
  for (let q = 0; q < n; q++) {
    const s = curve.s0Mm + q * curve.stepMm;
    const rRef = referenceRadiusMm(spec, s);
    let rL = rRef, rP = rRef, cx = 0, cy = 0;
    for (let li = 0; li < spec.lesions.length; li++) {
      const l = spec.lesions[li]!;
      const f = lesionShape(l, s);
      if (f <= 0) continue;
      t.lesion[q] = li;
      rL = rRef * (1 - l.dsFraction * f);
      const off = l.eccentricity * (rRef - rL);
      cx = off * Math.cos(l.eccentricRad);
      cy = off * Math.sin(l.eccentricRad);
      rP = rRef + l.outerGrowthMm * f;
    }
    let hu = spec.imaging.lumenHu * (1 - 0.0005 * Math.max(0, s));
    for (const l of occl) if (s > l.centreSMm) hu *= spec.refillFactor;
    t.rLumen[q] = rL; t.rPlaque[q] = rP; t.cx[q] = cx; t.cy[q] = cy; t.lumenHu[q] = hu;
  }
  return t;
}

/** Classify a point given in the main vessel's local coordinates. */
export function classifyMain(spec: SeriesSpec, table: SectionTable, q: number, sMm: number, x: number, y: number, out: Hit): Hit {
  const rP = table.rPlaque[q]!;
  const rho2 = x * x + y * y;
  const rOut = rP + spec.vessel.wallMm;
  if (rho2 >= rOut * rOut) { out.code = OUTSIDE; return out; }
  const rL = table.rLumen[q]!;
  const dx = x - table.cx[q]!, dy = y - table.cy[q]!;
  if (dx * dx + dy * dy < rL * rL) { out.code = LUMEN; out.hu = table.lumenHu[q]!; return out; }
  const li = table.lesion[q]!;
  if (rho2 >= rP * rP || li < 0) { out.code = WALL; out.hu = spec.imaging.wallHu; return out; }
  return classifyPlaque(spec.lesions[li]!, rP, sMm, x, y, Math.sqrt(rho2), out);
}

function classifyPlaque(l: LesionSpec, rP: number, sMm: number, x: number, y: number, rho: number, out: Hit): Hit {
  const c = l.calcium;
  if (c && sMm >= c.s0Mm && sMm <= c.s1Mm && rho >= rP - c.thicknessMm) {
    const ang = Math.atan2(y, x);
    let d = Math.abs(ang - c.centreRad) % (2 * Math.PI);
    if (d > Math.PI) d = 2 * Math.PI - d;
    if ((d * 180) / Math.PI <= c.arcDeg / 2) { out.code = CALCIUM; out.hu = c.hu; return out; }
  }
  for (const n of l.nodules) {
    const rn = Math.max(n.diameterMm / 2, rP - n.diameterMm / 2 - 0.1);
    const nx = rn * Math.cos(n.angleRad), ny = rn * Math.sin(n.angleRad);
    const r = n.diameterMm / 2;
    if ((sMm - n.sMm) ** 2 + (x - nx) ** 2 + (y - ny) ** 2 < r * r) { out.code = CALCIUM; out.hu = n.hu; return out; }
  }
  out.code = PLAQUE;
  out.hu = l.rim && rho >= rP - l.rim.thicknessMm ? l.rim.hu : l.plaqueHu;
  return out;
}

/** Branch lumen radius at arc length t from its take-off (tapers, narrowed at the ostium, rounded end). */
export function branchRadiusMm(b: BranchSpec, tMm: number): number {
  if (tMm < 0 || tMm > b.lengthMm) return 0;
  let r = b.radiusMm * (1 - (0.2 * tMm) / b.lengthMm);
  if (b.ostialFraction > 0 && tMm < 5) r *= 1 - b.ostialFraction * 0.5 * (1 + Math.cos((Math.PI * tMm) / 5));
  const end = b.lengthMm - tMm;
  if (end < 2) r *= Math.sqrt(end / 2);
  return r;
}

export function classifyBranch(b: BranchSpec, wallMm: number, wallHu: number, lumenHu: number, tMm: number, x: number, y: number, out: Hit): Hit {
  const r = branchRadiusMm(b, tMm);
  const rho2 = x * x + y * y;
  if (r <= 0 || rho2 >= (r + wallMm) ** 2) { out.code = OUTSIDE; return out; }
  if (rho2 < r * r) { out.code = LUMEN; out.hu = lumenHu; return out; }
  out.code = WALL; out.hu = wallHu;
  return out;
}
