/**
 * The lumen measured by a forward model (section-fit.ts) where the ray analysis cannot be trusted: sections
 * with calcium, without a lumen, faded by the blur, or narrowed. Each such section is fitted on a grid averaged
 * over a short stack (±1 section) with the blur and noise measured on this vessel; elsewhere the ray analysis
 * stands (the fit costs a few ms a section). Per section the fit gives the lumen area, its detection and the
 * residual SD; where the image cannot hold a lumen figure the section is marked uncertain with a reason.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import type { Frames } from './curve.ts';
import { sampleGrids } from './pinhole.ts';
import type { RayOptions, RayProfiler, Section } from './rays.ts';
import { fitSection, type SectionFit } from './section-fit.ts';
import { CALCIFIED_HU } from './plaque.ts';
import { measurePsf } from './psf.ts';

/** why a section's lumen figure is not reliable */
export type UncertainReason = 'fit-residual' | 'below-resolution';

export interface LumenFit {
  readonly fit: SectionFit;
  /** residual SD over the measured noise SD */
  readonly residualRatio: number;
  readonly hasLumen: boolean;
  readonly uncertain: UncertainReason | null;
}

export interface FitInputs {
  readonly volume: Volume;
  readonly pts: readonly Lps[];
  readonly frames: Frames;
  readonly secs: readonly Section[];
  readonly rays: RayOptions;
  /** per-section lumen centre offsets (u, v) of the ray analysis, mm */
  readonly offsetsMm: Float32Array;
  /** per-section equivalent radius of the ray analysis (0 without lumen), mm */
  readonly radiusMm: Float64Array;
  /** per-section healthy lumen level nearby, HU */
  readonly levelHu: Float64Array;
  /** per-section healthy (reference) radius nearby, mm */
  readonly healthyRadiusMm: Float64Array;
  readonly noiseSdHu: number;
  /** per-section smoothed ray profiles */
  readonly profiles: readonly Float64Array[];
  readonly profiler?: RayProfiler;
}

/** grid spacing of the fit: the smallest blur SD seen on CT (FWHM 0.5 mm ⇒ σ 0.21 mm); disks are analytic, sub-pixel */
const GRID_STEP_MM = 0.2;
/** sections narrower than this fraction of the healthy radius nearby are fitted (a narrowing) */
const NARROWED = 0.8;
/**
 * detection z² of the lumen's contrast: below 11.3 (p = 0.001 one-sided, z 3.4 — the search over position and
 * size inflates it) no lumen is supported; below 16 (z 4) the lumen is seen but its size rests on a few noise
 * cells (below what the blur resolves)
 */
const DETECT_NONE = 11.3;
const DETECT_SURE = 16;
/** residual variance over 4 × the noise variance: most of what is left is structure the model does not hold */
export const RESIDUAL_RATIO_MAX = 2;

/**
 * Sections the ray analysis flags: calcium on a ray or brighter than `calciumFloor` HU within the healthy radius
 * + 0.5 mm, no lumen, or narrowed below NARROWED × the healthy radius; ±2 sections around.
 */
export function sectionsToFit(secs: readonly Section[], radiusMm: Float64Array, healthyRadiusMm: Float64Array, profiles: readonly Float64Array[], o: RayOptions, calciumFloor: (q: number) => number): number[] {
  const n = secs.length, mark = new Uint8Array(n), M = Math.round(o.rMaxMm / o.drMm);
  for (let q = 0; q < n; q++) {
    let calcium = secs[q]!.calcified.some((c) => c === 1);
    const reach = Math.min(M, Math.round(((healthyRadiusMm[q]! || 1.5) + 0.5) / o.drMm)), prof = profiles[q]!, floor = calciumFloor(q);
    for (let r = 0; r < o.rays && !calcium; r++) for (let m = 0; m <= reach; m++) if (prof[r * (M + 1) + m]! > floor) { calcium = true; break; }
    if (calcium || !(radiusMm[q]! > 0) || radiusMm[q]! < NARROWED * healthyRadiusMm[q]!) {
      for (let m = Math.max(0, q - 2); m <= Math.min(n - 1, q + 2); m++) mark[m] = 1;
    }
  }
  const out: number[] = [];
  for (let q = 0; q < n; q++) if (mark[q]) out.push(q);
  return out;
}

/** Outer wall circle (centre, radius) through the rays' outer points, by an algebraic (Kåsa) fit; null when < 8. */
function outerCircle(sec: Section, o: RayOptions, du: number, dv: number): { u: number; v: number; radiusMm: number } | null {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, sz = 0;
  for (let q = 0; q < o.rays; q++) {
    const r = sec.outerMm[q]!;
    if (!Number.isFinite(r)) continue;
    const th = (2 * Math.PI * q) / o.rays, x = du + r * Math.cos(th), y = dv + r * Math.sin(th), z = x * x + y * y;
    n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z; sz += z;
  }
  if (n < 8) return null;
  // x² + y² = 2a·x + 2b·y + c
  const m = [sxx, sxy, sx, sxy, syy, sy, sx, sy, n], r = [sxz, syz, sz];
  const det = (k: number[]): number => k[0]! * (k[4]! * k[8]! - k[5]! * k[7]!) - k[1]! * (k[3]! * k[8]! - k[5]! * k[6]!) + k[2]! * (k[3]! * k[7]! - k[4]! * k[6]!);
  const d = det(m);
  if (Math.abs(d) < 1e-12) return null;
  const col = (c: number): number[] => m.map((v, i) => (i % 3 === c ? r[Math.floor(i / 3)]! : v));
  const A = det(col(0)) / d, B = det(col(1)) / d, C = det(col(2)) / d;
  const u = A / 2, v = B / 2, rad = Math.sqrt(Math.max(0, C + u * u + v * v));
  return Number.isFinite(rad) && rad > 0.3 ? { u, v, radiusMm: rad } : null;
}

/** Forward-model fits of the flagged sections (section index → fit); empty when the blur cannot be measured. */
export function fitLumens(x: FitInputs): Map<number, LumenFit> {
  const out = new Map<number, LumenFit>();
  const noise = Number.isFinite(x.noiseSdHu) ? x.noiseSdHu : 25;
  // a section is flagged for calcium 6 noise SD above the lumen level (noise alone reaches that once in 10⁹
  // samples) and ≥ 350 HU (the calcified-plaque convention)
  const floor = (q: number): number => Math.max(CALCIFIED_HU, x.levelHu[q]! + 6 * noise);
  const qs = sectionsToFit(x.secs, x.radiusMm, x.healthyRadiusMm, x.profiles, x.rays, floor);
  if (!qs.length) return out;
  const flagged = new Set(qs);
  const healthy: number[] = [];
  x.secs.forEach((_, q) => { if (!flagged.has(q) && x.radiusMm[q]! > 0) healthy.push(q); });
  const psf = measurePsf(x.profiles, healthy, x.radiusMm, x.rays);
  if (!psf) return out;
  const sigma = psf.sigmaMm;
  const stepMm = x.pts.length > 1 ? Math.hypot(x.pts[1]![0] - x.pts[0]![0], x.pts[1]![1] - x.pts[0]![1], x.pts[1]![2] - x.pts[0]![2]) : 0.25;
  const levelNear = (q: number): number => {
    const near: number[] = [];
    for (const [k, L] of psf.lumenHu) if (Math.abs(k - q) * stepMm <= 10) near.push(L);
    near.sort((a, b) => a - b);
    return near.length ? near[near.length >> 1]! : x.levelHu[q]!;
  };
  let maxHealthy = 0;
  for (const q of qs) maxHealthy = Math.max(maxHealthy, x.healthyRadiusMm[q]! || 0);
  const halfMm = Math.min(5, Math.max(2.5, maxHealthy + 0.9 + 0.9 + 3 * sigma));
  const go = { halfMm, stepMm: GRID_STEP_MM };
  // grids of each fitted section and its ±1 neighbours (the short stack), sampled once
  const need = new Set<number>();
  for (const q of qs) for (let m = q - 1; m <= q + 1; m++) if (m >= 0 && m < x.secs.length) need.add(m);
  const order = [...need].sort((a, b) => a - b);
  const grids = sampleGrids(x.volume, order.map((q) => x.pts[q]!), order.map((q) => x.frames.n[q]!), order.map((q) => x.frames.b[q]!), go, x.profiler);
  const gridOf = new Map<number, Float64Array>();
  order.forEach((q, k) => gridOf.set(q, grids[k]!));
  const K = Math.round(halfMm / GRID_STEP_MM);
  for (const q of qs) {
    const own = gridOf.get(q)!;
    const stack = new Float64Array(own.length);
    let c = 0;
    for (let m = q - 1; m <= q + 1; m++) {
      const g = gridOf.get(m);
      if (!g) continue;
      for (let i = 0; i < stack.length; i++) stack[i] = stack[i]! + g[i]!;
      c++;
    }
    for (let i = 0; i < stack.length; i++) stack[i] = stack[i]! / c;
    const L = levelNear(q), du = x.offsetsMm[2 * q]!, dv = x.offsetsMm[2 * q + 1]!;
    const healthy = x.healthyRadiusMm[q]! || 1.5;
    const outer = outerCircle(x.secs[q]!, x.rays, du, dv) ?? { u: du, v: dv, radiusMm: healthy + 0.5 };
    if (outer.radiusMm > healthy + 1.5) outer.radiusMm = healthy + 0.5;
    const fit = fitSection({ data: stack, K, stepMm: GRID_STEP_MM }, {
      sigmaMm: sigma, lumenHu: L, init: { u: du, v: dv, radiusMm: x.radiusMm[q]! > 0 ? x.radiusMm[q]! : 0.3 }, outer,
      // calcium: brighter than the lumen by 4 noise SD, and ≥ 350 HU (the calcified-plaque convention)
      calciumMinHu: Math.max(CALCIFIED_HU, L + 4 * noise), noiseSdHu: noise,
    });
    const residualRatio = fit.residualSdHu / noise;
    const hasLumen = fit.detection >= DETECT_NONE;
    const uncertain: UncertainReason | null = residualRatio > RESIDUAL_RATIO_MAX ? 'fit-residual' : hasLumen && fit.detection < DETECT_SURE ? 'below-resolution' : null;
    out.set(q, { fit, residualRatio, hasLumen, uncertain });
  }
  bridgeShortGaps(out, x.radiusMm, (2 * FWHM_PER_SIGMA * sigma) / stepMm);
  return out;
}

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

/**
 * A run of sections where the fit sees no lumen, shorter than `maxSections` and with a lumen on both sides, is a
 * lumen the noise hid, not an occlusion: the blur spreads each section's lumen over twice its FWHM along the
 * vessel, so an occlusion that short cannot be told apart. It keeps its fitted lumen, marked below resolution.
 */
function bridgeShortGaps(fits: Map<number, LumenFit>, rayRadiusMm: Float64Array, maxSections: number): void {
  const lumenAt = (q: number): boolean => { const f = fits.get(q); return f ? f.hasLumen : rayRadiusMm[q]! > 0; };
  const n = rayRadiusMm.length;
  let q = 0;
  while (q < n) {
    if (lumenAt(q) || !fits.has(q)) { q++; continue; }
    let e = q;
    while (e + 1 < n && !lumenAt(e + 1)) e++;
    if (q > 0 && e < n - 1 && e - q + 1 <= maxSections) {
      for (let m = q; m <= e; m++) {
        const f = fits.get(m);
        if (f) fits.set(m, { ...f, hasLumen: true, uncertain: f.uncertain ?? 'below-resolution' });
      }
    }
    q = e + 1;
  }
}

/** sections within this distance of the MLA decide whether the lesion's figure holds, mm (the blur along z) */
const MLA_NEIGHBOURHOOD_MM = 0.5;

/**
 * A lesion is uncertain when the sections at its MLA (±0.5 mm) were fitted and most of them are uncertain:
 * the reason is the commonest one. A total occlusion read where the fit finds no lumen stands.
 */
export function lesionUncertainty(
  samples: readonly { readonly uncertain?: UncertainReason }[], l: { readonly mlaIndex: number; readonly startIndex: number; readonly endIndex: number }, stepMm: number,
): { uncertain?: true; uncertainReason?: UncertainReason } {
  const half = Math.max(1, Math.round(MLA_NEIGHBOURHOOD_MM / stepMm));
  const count = new Map<UncertainReason, number>();
  let n = 0;
  for (let q = Math.max(l.startIndex, l.mlaIndex - half); q <= Math.min(l.endIndex, l.mlaIndex + half); q++) {
    n++;
    const r = samples[q]?.uncertain;
    if (r) count.set(r, (count.get(r) ?? 0) + 1);
  }
  let best: UncertainReason | null = null, bc = 0, total = 0;
  for (const [r, c] of count) { total += c; if (c > bc) { bc = c; best = r; } }
  return best && total > n / 2 ? { uncertain: true, uncertainReason: best } : {};
}
