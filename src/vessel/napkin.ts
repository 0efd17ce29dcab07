/**
 * Napkin-ring sign (Maurovich-Horvat, JACC CVI 2012): a non-calcified plaque whose low-attenuation core (< 30 HU,
 * the LAP threshold) is surrounded by a rim of higher attenuation at its outer edge. Read on the ray profiles the
 * lumen stage keeps: walking out from the lumen edge through a plaque at least 1.2 mm thick (room for a core and
 * a rim at this blur), the profile falls to a core below 30 HU and rises again by 30 HU or more in the plaque's
 * outer part before it falls to fat. A ring is a pattern around the plaque, not a noisy ray: it must hold on at
 * least 3 neighbouring rays of a section (≈ 35° at 32 rays), and on sections spanning at least 1 mm of the lesion.
 */
import type { LumenProfile } from './lumen.ts';
import { CALCIFIED_HU, LOW_ATTENUATION_HU, outerWalls } from './plaque.ts';

/** plaque thick enough to hold a core and a rim the blur does not merge (≈ 3 σ), mm */
const MIN_PLAQUE_MM = 1.2;
/** the core is read this far from the lumen edge (the lumen's blurred edge lies within it), mm */
const CORE_FROM_EDGE_MM = 0.4;
/** the rim rises this much above the core, HU (≈ 1.5 noise SD of a 120 kV CCTA after the 0.3 mm smoothing) */
const RIM_RISE_HU = 30;
/** the rim lies in the plaque's outer part: beyond this fraction of its thickness */
const RIM_OUTER_FRACTION = 0.5;
const MIN_RAY_RUN = 3;
const MIN_SPAN_MM = 1;

/** Profile of ray r of section q smoothed over ±1 sample (0.3 mm at 0.1 mm samples). */
function smoothed(prof: Float64Array, base: number, M: number, k: number): number {
  let a = 0;
  for (let t = -1; t <= 1; t++) a += prof[base + Math.min(M, Math.max(0, k + t))]!;
  return a / 3;
}

/** Whether ray r of section q shows a low-attenuation core with a denser rim outside it. */
export function napkinRay(lp: LumenProfile, q: number, r: number, outerMm: number): boolean {
  const o = lp.rays, M = Math.round(o.rMaxMm / o.drMm), dr = o.drMm, prof = lp.profiles[q]!, base = r * (M + 1);
  const e = lp.radiiMm[q * o.rays + r]!;
  if (!Number.isFinite(e) || !Number.isFinite(outerMm) || outerMm - e < MIN_PLAQUE_MM) return false;
  const k0 = Math.ceil((e + CORE_FROM_EDGE_MM) / dr), k1 = Math.min(M, Math.floor(outerMm / dr));
  for (let k = Math.ceil(e / dr); k <= k1; k++) if (prof[base + k]! >= CALCIFIED_HU) return false; // calcium: no napkin
  let kc = -1, core = Infinity;
  const coreEnd = Math.floor((e + RIM_OUTER_FRACTION * (outerMm - e)) / dr);
  for (let k = k0; k <= coreEnd; k++) { const v = smoothed(prof, base, M, k); if (v < core) { core = v; kc = k; } }
  if (kc < 0 || !(core < LOW_ATTENUATION_HU)) return false;
  let rim = -Infinity, kr = -1;
  for (let k = kc + 1; k <= k1; k++) { const v = smoothed(prof, base, M, k); if (v > rim) { rim = v; kr = k; } }
  return kr > 0 && rim - core >= RIM_RISE_HU && kr * dr >= e + RIM_OUTER_FRACTION * (outerMm - e);
}

/** Longest run of neighbouring napkin rays around section q (circular). */
export function napkinRun(lp: LumenProfile, q: number): number {
  const R = lp.rays.rays;
  const walls = outerWalls(lp.outerMm, q, R);
  if (!walls) return 0;
  const hit = Array.from({ length: R }, (_, r) => napkinRay(lp, q, r, walls[r]!));
  if (hit.every(Boolean)) return R;
  let best = 0, run = 0;
  for (let t = 0; t < 2 * R; t++) { run = hit[t % R] ? run + 1 : 0; best = Math.max(best, Math.min(run, R)); }
  return best;
}

/** The napkin-ring sign over a lesion's sections [startIndex, endIndex]: ring-like sections spanning ≥ 1 mm. */
export function hasNapkinRing(lp: LumenProfile, l: { readonly startIndex: number; readonly endIndex: number }): boolean {
  const s = lp.samples, n = s.length;
  if (n < 2) return false;
  const stepMm = (s[n - 1]!.sMm - s[0]!.sMm) / (n - 1);
  let count = 0;
  for (let q = Math.max(0, l.startIndex); q <= Math.min(n - 1, l.endIndex); q++) if (s[q]!.hasLumen && napkinRun(lp, q) >= MIN_RAY_RUN) count++;
  return count * stepMm >= MIN_SPAN_MM;
}
