/**
 * Where a lumen ray meets calcium: the lumen → calcium edge of a blurred profile (the half-maximum between the lumen
 * level and the calcium peak, moved toward the peak for thin calcium, or the steepest rise), and the section whose
 * centre calcium has bloomed above the calcium threshold (a small lumen ringed by calcium); the calcium threshold's
 * rise, and whether a lumen beside calcium is narrower than the blur lets the image show (not assessable).
 */
import type { RayOptions } from './rays.ts';

/**
 * How far above the healthy lumen level (HU) a value must rise to be calcium on measurement rays (rays.ts, refined
 * edges against a reference level): 120 HU and a quarter of the level (the lumen's own spread between sections and
 * the blur's overshoot), and 4 noise SD (a noise peak).
 */
export function calciumRiseHu(levelHu: number, noiseSdHu: number): number {
  return Math.max(120, 0.25 * Math.abs(levelHu), 4 * (Number.isFinite(noiseSdHu) ? noiseSdHu : 25));
}

/** calcium bounds the lumen: on at least this fraction of the rays */
const CA_BOUNDING = 0.25;
/** a lumen narrower than this many σ beside calcium lies within the calcium's skirt from side to side */
const RESOLVED_SIGMAS = 4;

export interface LumenBesideCalcium {
  /** fraction of the section's rays that stop on calcium */
  readonly calcifiedFraction: number;
  /** HU at the lumen centre the rays were cast from, the healthy lumen level nearby, the noise SD */
  readonly centreHu: number;
  readonly levelHu: number;
  readonly noiseSdHu: number;
  /** the measured lumen diameter (0 where none was found), the vessel's blur σ, mm */
  readonly diameterMm: number;
  readonly sigmaMm: number;
}

/**
 * The image cannot show this lumen beside its calcium: calcium bounds it, its own centre reads as calcium (the bloom of
 * the ring lifts it above the healthy level by the calcium rise), and it is narrower than 4σ (or none was found), so
 * that the skirts of the blurred calcium overlap across it. Its figure is then the model's guess, not a measurement.
 */
export function calciumHidesLumen(x: LumenBesideCalcium): boolean {
  if (!(x.calcifiedFraction >= CA_BOUNDING) || !(x.sigmaMm > 0)) return false;
  const lifted = x.centreHu > x.levelHu + calciumRiseHu(x.levelHu, x.noiseSdHu);
  return lifted && x.diameterMm < RESOLVED_SIGMAS * x.sigmaMm;
}

/** blurred calcium peak rise above the lumen level (fraction of it) of thin (≤ PSF) and thick calcium */
const CA_THIN_RISE = 0.35;
const CA_THICK_RISE = 0.75;

/**
 * Sub-sample index of the steepest slope (sign +1: rise, −1: fall) of one ray profile between samples lo and
 * hi (slope by a ±2-sample difference, parabolic peak); `fallback` when the window is empty or flat.
 */
export function steepest(profiles: Float64Array, base: number, M: number, lo: number, hi: number, sign: number, fallback: number): number {
  // no closure here: this runs for every ray of every section
  const a = Math.max(2, lo), b = Math.min(M - 2, hi);
  let best = 0, bm = -1;
  for (let m = a; m <= b; m++) {
    const v = sign * (profiles[base + m + 2]! - profiles[base + m - 2]!);
    if (v > best) { best = v; bm = m; }
  }
  if (bm < 0) return fallback;
  const l = bm > 2 ? sign * (profiles[base + bm + 1]! - profiles[base + bm - 3]!) : best;
  const r = bm < M - 3 ? sign * (profiles[base + bm + 3]! - profiles[base + bm - 1]!) : best;
  const den = l - 2 * best + r;
  const off = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / den)) : 0;
  return bm + off;
}
/**
 * The inner edge of calcium met on a ray at sample caAt (sample indices): between the half-maximum (lumen level
 * → calcium peak) crossing and the peak. A thick calcification keeps its edge at the half-maximum; a thin one
 * blurs into a low, wide bump whose half-maximum falls well inside the lumen while its peak sits near its inner
 * edge. With refined edges (mDipMin ≥ 0) calcium bloomed into the lumen lifts the centre toward the
 * half-maximum (the crossing then lands at the centre): the lumen → calcium interface of a blurred step is its
 * steepest rise, whatever the levels.
 */
export function calciumEdge(profiles: Float64Array, base: number, M: number, caAt: number, ic: number, mDipMin: number, dr: number): { edge: number; peak: number; peakHu: number } {
  // the calcium peak: highest point within 1 mm beyond the threshold crossing
  let pk = profiles[base + caAt]!, m = caAt;
  for (let k = caAt + 1; k <= Math.min(M, caAt + Math.round(1 / dr)); k++) if (profiles[base + k]! > pk) { pk = profiles[base + k]!; m = k; }
  const half = 0.5 * (ic + pk);
  let h = m;
  while (h > 0 && profiles[base + h - 1]! >= half) h--;
  const rh = h === 0 ? 0 : h - 1 + (half - profiles[base + h - 1]!) / (profiles[base + h]! - profiles[base + h - 1]!);
  // how far toward the peak: a low blurred peak (relative to the lumen level) means thin calcium
  const rise = (pk - ic) / Math.max(1, Math.abs(ic));
  const frac = Math.min(1, Math.max(0, (CA_THICK_RISE - rise) / (CA_THICK_RISE - CA_THIN_RISE)));
  let e = rh + frac * (m - rh);
  if (mDipMin >= 0) e = Math.max(e, steepest(profiles, base, M, mDipMin, m, +1, e));
  return { edge: e, peak: m, peakHu: pk };
}

/**
 * A lumen ringed by calcium blooms above the calcium threshold at its centre: the centre is then the ring's trough,
 * most rays rising from it by the calcium rise, and calcium on a ray is where it rises so far above its own minimum.
 * A calcium nodule under the centre falls on every ray instead.
 */
export function bloomedCentre(profiles: Float64Array, o: RayOptions, M: number, caTh: number, caRise: number): boolean {
  const c0 = profiles[0]!;
  if (!(c0 > caTh)) return false;
  const m1 = Math.min(M, Math.round(1.5 / o.drMm));
  let rising = 0;
  for (let q = 0; q < o.rays; q++) {
    const base = q * (M + 1);
    for (let m = 1; m <= m1; m++) if (profiles[base + m]! - c0 > caRise) { rising++; break; }
  }
  return rising >= o.rays / 2;
}
