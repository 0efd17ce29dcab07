/**
 * One lumen cross-section from radial rays in the plane ⟂ to the centreline.
 * Edge per ray: the local half-maximum between the lumen level and the valley just outside it;
 * toward calcium (a rise well above the lumen level) the edge is the half-maximum between the
 * lumen and the calcium peak, i.e. the inner edge of the calcified plaque whatever its blooming.
 * Refined edges (the lumen profile; the centreline's recentring keeps the plain ones): the steepest fall near
 * the half-maximum, a dip below the lumen level followed by a rise (thin plaque before calcium bloomed to the
 * lumen level) ends the lumen at the dip, a shoulder (first fall, then a plateau) ends it at the first fall;
 * thresholds scale with the noise SD measured on the data.
 */
import type { Volume } from '../volume/volume.ts';
import { rayProfilesRef } from '../kernels/reference.ts';
import type { RayProfilesOptions, RayProfilesResult } from '../kernels/views.ts';
import type { Lps, Vec3 } from '../volume/volume.ts';
import { contourShape, type ContourShape } from './contour.ts';
import { bloomedCentre, calciumEdge, steepest } from './ray-calcium.ts';
import type { EdgeFitKernel } from './edge-fits.ts';

export interface RayOptions {
  readonly rays: number;
  readonly rMaxMm: number;
  readonly drMm: number;
}

export const DEFAULT_RAYS: RayOptions = { rays: 32, rMaxMm: 6, drMm: 0.1 };

export interface Section {
  /** lumen level at the centre (median of per-ray peaks near the centre), HU */
  readonly lumenHu: number;
  /** lumen edge radius per ray, mm (NaN where no edge) */
  readonly radiiMm: Float64Array;
  /** valley HU beyond the edge per ray, and its radius (mm) */
  readonly valleyHu: Float64Array;
  readonly valleyMm: Float64Array;
  /** ray stopped on calcium */
  readonly calcified: Uint8Array;
  /** outer wall radius per ray (NaN where not measurable) */
  readonly outerMm: Float64Array;
  /** refined edges: ray whose edge is a plain fall from the lumen to the valley (no calcium, dip or shoulder) */
  readonly fallEdge?: Uint8Array;
  /** refined edges: blur σ of each plain fall (NaN elsewhere), mm; a wide fall is lumen → plaque → fat */
  readonly edgeSigmasMm?: Float64Array;
  /**
   * refined edges: blur of the image measured on this section's plain falls, mm — the Gaussian σ of a blurred
   * step of height H whose steepest slope is S: σ = H / (S·√(2π)); median over the rays, NaN when too few
   */
  readonly edgeSigmaMm?: number;
}

/**
 * A ray-profile sampler: the compute kernels' rayProfilesRef or its WASM twin (same options/result); the WASM one
 * brings the module's edge fits along (the lumen profile runs them on the rays it samples).
 */
export type RayProfiler = ((volume: Volume, o: RayProfilesOptions) => RayProfilesResult) & {
  readonly edgeFits?: EdgeFitKernel;
  /** the profiles sampleSections makes of the samples (smoothed [1 2 1] along each ray, f64), made by the kernel itself */
  readonly smoothedRays?: (o: RayProfilesOptions) => Float64Array;
};

/**
 * Sample the ray profiles of sections (centre c, in-plane axes n, b): one Float64Array per section,
 * profile[ray·(M+1) + m] at r = m·dr, smoothed [1 2 1] along the ray.
 */
export function sampleSections(volume: Volume, centres: readonly Lps[], ns: readonly Vec3[], bs: readonly Vec3[], o: RayOptions, profiler: RayProfiler = rayProfilesRef): Float64Array[] {
  const C = centres.length;
  if (C === 0) return [];
  const M = Math.round(o.rMaxMm / o.drMm);
  const S = M + 1;
  const ro: RayProfilesOptions = { centresLps: flat(centres), axisULps: flat(ns), axisVLps: flat(bs), rays: o.rays, samples: S, stepMm: o.drMm, startMm: 0 };
  const out: Float64Array[] = [];
  // one buffer for all sections (views into it): one allocation instead of one per section
  const all = profiler.smoothedRays ? profiler.smoothedRays(ro) : smoothed(profiler(volume, ro).data, C * o.rays, S);
  for (let c = 0; c < C; c++) out.push(all.subarray(c * o.rays * S, (c + 1) * o.rays * S));
  return out;
}

/** `lines` rays of S samples each smoothed [1 2 1]/4 along the ray, end samples repeated (the WASM smoothedRays' twin) */
function smoothed(d: Float32Array, lines: number, S: number): Float64Array {
  const M = S - 1;
  const prof = new Float64Array(lines * S);
  for (let q = 0; q < lines; q++) {
    const b = q * S;
    prof[b] = 0.75 * d[b]! + 0.25 * d[b + (M > 0 ? 1 : 0)]!;
    // each sample read once (the two before it carried along)
    let before = d[b]!, at = M > 0 ? d[b + 1]! : 0;
    for (let m = 1; m < M; m++) { const after = d[b + m + 1]!; prof[b + m] = 0.25 * (before + after) + 0.5 * at; before = at; at = after; }
    if (M > 0) prof[b + M] = 0.75 * d[b + M]! + 0.25 * d[b + M - 1]!;
  }
  return prof;
}

function flat(v: readonly Vec3[]): Float64Array {
  const f = new Float64Array(3 * v.length);
  v.forEach((p, q) => { f[3 * q] = p[0]; f[3 * q + 1] = p[1]; f[3 * q + 2] = p[2]; });
  return f;
}

/** median's sorted copy, reused from call to call (the function runs for every section; it calls nothing) */
let medianScratch = new Float64Array(64);

/**
 * Median of the finite values: typed copy, insertion sort up to 64 values (a typed-array sort call per section
 * cost more than the sort), numeric sort beyond.
 */
function median(a: ArrayLike<number>): number {
  if (medianScratch.length < a.length) medianScratch = new Float64Array(a.length);
  const v = medianScratch;
  let n = 0;
  for (let q = 0; q < a.length; q++) {
    const x = a[q]!;
    if (!Number.isFinite(x)) continue;
    if (a.length > 64) { v[n++] = x; continue; }
    let j = n++;
    while (j > 0 && v[j - 1]! > x) { v[j] = v[j - 1]!; j--; }
    v[j] = x;
  }
  if (n === 0) return NaN;
  const w = a.length > 64 ? v.subarray(0, n).sort() : v;
  const h = n >> 1;
  return n % 2 ? w[h]! : 0.5 * (w[h - 1]! + w[h]!);
}

/** Lumen level at the section centre alone (the `lumenHu` of analyseRays without a reference). */
export function centreLumenHu(profiles: Float64Array, o: RayOptions): number {
  return median(centrePeaks(profiles, o, Math.round(o.rMaxMm / o.drMm)));
}

/** Analyse sampled ray profiles. `lumenHu` may be imposed (else measured near the centre). */
export interface AnalyseOptions {
  /** healthy lumen level nearby (HU): caps a bloomed centre and sets the calcium threshold */
  readonly referenceLumenHu?: number;
  /** image noise SD (HU) measured on the data: sets how deep a dip must be to end the lumen */
  readonly noiseSdHu?: number;
  /**
   * measurement edges (the lumen profile): steepest fall near the half-maximum, a dip before bloomed calcium
   * or a shoulder ends the lumen. Off (recentring of the centreline): plain half-maximum edges.
   */
  readonly refinedEdges?: boolean;
  /** the profiles' centreLumenHu when the caller has it already */
  readonly centrePeakHu?: number;
  /** internal: no dip edges (a dark noise blob at the centre dips every ray) */
  readonly noDips?: boolean;
  /**
   * where the section's per-ray arrays live (5 × rays f64, 2 × rays u8; filled here): views on one buffer for all the
   * sections of a vessel instead of two backing stores per section
   */
  readonly buffers?: { readonly f64: Float64Array; readonly u8: Uint8Array };
}

/** a dip below the lumen level followed by a rise back, both deeper than this fraction of the lumen level and
 * than DIP_NOISE × the noise SD, ends the lumen at the dip (lumen | thin plaque | calcium bloomed to lumen level) */
const DIP_FRACTION = 0.12;
const DIP_NOISE = 3;
/** a dip closer to the centre than this is noise (a lumen that small is measured by its partial volume) */
const DIP_MIN_RADIUS_MM = 0.3;

/** window searched for the steepest edge, inward and outward of the half-maximum crossing, mm */
const EDGE_WINDOW_IN = 0.4;
const EDGE_WINDOW_OUT = 0.2;

/** a drop below the lumen level deeper than this fraction of it is a lumen edge */
const DROP_FRACTION = 0.35;
/** calcium = a rise above the healthy lumen level by more than this (HU and fraction) */
const CA_MIN_RISE_HU = 120;
const CA_MIN_RISE = 0.25;
const CA_NOISE = 4;
/**
 * soft tissue next to a lumen (vessel wall, fibrous plaque, myocardium) attenuates ≈ 40 HU; the lumen edge is the
 * step from the lumen to it, even where the blur merges a thin wall with the fat (−100 HU) beyond
 */
export const TISSUE_HU = 40;
/**
 * The level of what borders a lumen, from the lowest HU beyond its edge: plaque or wall, or soft tissue
 * (TISSUE_HU) when that is lower, since a wall or plaque thinner than the blur merges into the fat behind it
 * while still being what the lumen meets.
 */
export function lumenNeighbourHu(lowestHu: number): number {
  return Math.max(lowestHu, TISSUE_HU);
}

/** outer wall: the first point from sample `from` below the wall/fat boundary (−15 HU), within 3 mm; NaN if none */
function outerWallMm(profiles: Float64Array, base: number, M: number, from: number, dr: number): number {
  for (let k = from; k <= Math.min(M, from + Math.round(3 / dr)); k++) if (profiles[base + k]! < -15) return k * dr;
  return NaN;
}

/** mean of samples m ± half of one ray */
function meanAround(profiles: Float64Array, base: number, M: number, m: number, half: number): number {
  let acc = 0, n = 0;
  for (let k = Math.max(0, m - half); k <= Math.min(M, m + half); k++) { acc += profiles[base + k]!; n++; }
  return acc / n;
}

/** the first sample in 1..last below `level`, or −1 */
function firstBelow(profiles: Float64Array, base: number, last: number, level: number): number {
  let e = 1;
  while (e <= last && profiles[base + e]! >= level) e++;
  return e > last ? -1 : e;
}

/** the blur σ of a fall of `stepHu` whose slope at sample k is measured over ±2 samples (NaN without a fall) */
function fallSigmaMm(profiles: Float64Array, base: number, M: number, k: number, dr: number, stepHu: number): number {
  const slope = k >= 2 && k <= M - 2 ? (profiles[base + k - 2]! - profiles[base + k + 2]!) / (4 * dr) : 0;
  return slope > 0 ? stepHu / (slope * Math.sqrt(2 * Math.PI)) : NaN;
}

/** centrePeaks' result, reused from call to call (its callers read it at once, through median) */
let peakScratch = new Float64Array(0);

/** per ray, the highest sample within 1 mm of the centre (a scratch array its caller reads before the next call) */
function centrePeaks(profiles: Float64Array, o: RayOptions, M: number): Float64Array {
  const mPeak = Math.max(1, Math.round(1.0 / o.drMm));
  if (peakScratch.length !== o.rays) peakScratch = new Float64Array(o.rays);
  const peaks = peakScratch;
  for (let q = 0; q < o.rays; q++) {
    let pk = -Infinity;
    for (let m = 0; m <= mPeak; m++) pk = Math.max(pk, profiles[q * (M + 1) + m]!);
    peaks[q] = pk;
  }
  return peaks;
}

export function analyseRays(profiles: Float64Array, o: RayOptions, ao: AnalyseOptions = {}): Section {
  const M = Math.round(o.rMaxMm / o.drMm);
  const dr = o.drMm;
  const ref = ao.referenceLumenHu;
  const icLocal = ao.centrePeakHu ?? median(centrePeaks(profiles, o, M));
  const ic = ref !== undefined && Number.isFinite(ref) ? Math.min(icLocal, ref) : icLocal;
  // the per-ray arrays as views on one buffer per kind (the caller's, or two backing stores per section instead of seven)
  const R = o.rays, f64 = (ao.buffers?.f64 ?? new Float64Array(5 * R)).fill(NaN), u8 = ao.buffers?.u8.fill(0) ?? new Uint8Array(2 * R);
  const radiiMm = f64.subarray(0, R), valleyHu = f64.subarray(R, 2 * R), valleyMm = f64.subarray(2 * R, 3 * R);
  const outerMm = f64.subarray(3 * R, 4 * R), sigmas = f64.subarray(4 * R, 5 * R);
  const calcified = u8.subarray(0, R), fallEdge = u8.subarray(R, 2 * R);
  const caBase = ref !== undefined && Number.isFinite(ref) ? ref : ic;
  const refined = ao.refinedEdges === true;
  const noise = ao.noiseSdHu !== undefined && Number.isFinite(ao.noiseSdHu) ? ao.noiseSdHu : 25;
  // refined: a noise peak (CA_NOISE × SD; at the very centre up to 2 SD more) is no calcium
  const caRise = Math.max(ref !== undefined ? CA_MIN_RISE_HU : 150, (ref !== undefined ? CA_MIN_RISE : 0.3) * Math.abs(caBase), refined ? CA_NOISE * noise : 0);
  const caTh = caBase + caRise;
  const bloomed = refined && bloomedCentre(profiles, o, M, caTh, caRise);
  const dips = refined && ao.noDips !== true;
  const mDipMin = Math.round(DIP_MIN_RADIUS_MM / dr);
  let dipCount = 0;
  const dipMin = Math.max(DIP_FRACTION * Math.abs(ic), DIP_NOISE * noise);
  let base = 0;
  for (let q = 0; q < o.rays; q++) {
    base = q * (M + 1);
    // walk outwards: running minimum until the profile clearly rises again after a real drop
    let runMin = Infinity, argMin = 0, caAt = -1, mDrop = -1, dipAt = -1;
    const mWindow = Math.round(1.2 / dr);
    for (let m = 0; m <= M; m++) {
      const v = profiles[base + m]!;
      if (v > caTh && (runMin === Infinity || ic - runMin < 0.35 * Math.abs(ic)) && !(refined && m <= 1 && v < caTh + 2 * noise) && !(bloomed && !(v - runMin > caRise))) { caAt = m; break; }
      if (v < runMin) { runMin = v; argMin = m; }
      const depth = ic - runMin;
      if (dips && mDrop < 0 && depth > dipMin && v - runMin > dipMin && argMin >= mDipMin) { dipAt = argMin; break; }
      if (mDrop < 0 && depth > DROP_FRACTION * Math.abs(ic)) mDrop = m;
      if (mDrop >= 0 && (m > mDrop + mWindow || v - runMin > Math.max(50, 0.2 * depth))) break;
    }
    if (caAt >= 0) {
      const ca = calciumEdge(profiles, base, M, caAt, bloomed ? Math.max(ic, runMin) : ic, refined ? mDipMin : -1, dr);
      radiiMm[q] = ca.edge * dr; calcified[q] = 1; valleyHu[q] = ca.peakHu; valleyMm[q] = ca.peak * dr;
      outerMm[q] = outerWallMm(profiles, base, M, ca.peak, dr);
      continue;
    }
    if (dipAt >= 0) {
      radiiMm[q] = dipAt * dr; valleyHu[q] = runMin; valleyMm[q] = dipAt * dr; dipCount++;
      continue;
    }
    const valley = meanAround(profiles, base, M, argMin, 2);
    valleyHu[q] = valley; valleyMm[q] = argMin * dr;
    if (ic - valley < 0.3 * Math.abs(ic) || ic - valley < 60) continue; // no contrast: no edge
    // a shoulder (lumen → bright plaque or bloomed calcium → valley): the lumen ends at the first fall
    const sh = refined ? shoulder(profiles, base, argMin, ic, valley, dipMin) : -1;
    const outside = refined ? lumenNeighbourHu(valley) : valley;
    const half = 0.5 * (ic + (sh >= 0 ? profiles[base + sh]! : outside));
    const e = firstBelow(profiles, base, argMin, half);
    if (e < 0) continue;
    const rc = e - 1 + (profiles[base + e - 1]! - half) / (profiles[base + e - 1]! - profiles[base + e]!);
    // the steepest fall near the half-maximum crossing: the half-maximum against a valley beyond a thin
    // plaque layer (fat behind fibrous plaque) lies outside the lumen edge, the steepest fall does not
    const r = (refined ? steepest(profiles, base, M, Math.floor(rc - EDGE_WINDOW_IN / dr), Math.min(sh >= 0 ? sh : argMin, Math.ceil(rc + EDGE_WINDOW_OUT / dr)), -1, rc) : rc) * dr;
    radiiMm[q] = profiles[base + 0]! < half ? 0 : r;
    if (refined && sh < 0 && profiles[base + 0]! >= half) {
      fallEdge[q] = 1;
      sigmas[q] = fallSigmaMm(profiles, base, M, Math.round(r / dr), dr, ic - outside);
    }
    outerMm[q] = outerWallMm(profiles, base, M, e, dr);
  }
  // dips on most rays: a dark blob around the centre (noise), not calcium beside the lumen
  if (dipCount > o.rays / 2) return analyseRays(profiles, o, { ...ao, noDips: true });
  let nSig = 0;
  for (let q = 0; q < o.rays; q++) if (Number.isFinite(sigmas[q]!)) nSig++;
  const edgeSigmaMm = refined && nSig >= o.rays / 4 ? median(sigmas) : NaN;
  return { lumenHu: ic, radiiMm, valleyHu, valleyMm, calcified, outerMm, fallEdge, edgeSigmasMm: sigmas, edgeSigmaMm };
}

/**
 * A shoulder on the fall from the lumen level `ic` to the valley at sample argMin: after a first fall the
 * profile flattens (slope < SHOULDER_FLAT × that fall's slope) at a level at least `dip` below the lumen and
 * above the valley. Returns the sample of the flat part, or −1.
 */
const SHOULDER_FLAT = 0.3;
const SHOULDER_RISE = 0.3;
function shoulder(profiles: Float64Array, base: number, argMin: number, ic: number, valley: number, dip: number): number {
  // searched above the half-maximum against the valley only (a shoulder lies before the main fall)
  const stop = 0.5 * (ic + valley);
  let firstPeak = 0;
  let fPrev = profiles[base]! - profiles[base + 4]!, f = profiles[base + 1]! - profiles[base + 5]!;
  for (let m = 3; m <= argMin - 3; m++) {
    const v = profiles[base + m]!;
    if (v < stop) return -1;
    const fNext = profiles[base + m - 1]! - profiles[base + m + 3]!;
    if (firstPeak === 0) {
      if (f >= fPrev && f > fNext && f > 0.5 * dip) firstPeak = f;
    } else if (f < SHOULDER_FLAT * firstPeak) {
      if (!(v <= ic - dip && v - valley >= dip)) return -1;
      // a shoulder stays down: a rise back toward the lumen level is a noise dip inside the lumen
      for (let k = m + 1; k <= argMin; k++) if (profiles[base + k]! > v + SHOULDER_RISE * dip) return -1;
      return m;
    }
    fPrev = f; f = fNext;
  }
  return -1;
}

/** a ray further than this fraction (+ 0.1 mm) from the median of its ±3 neighbours is an outlier */
const SMOOTH_TOLERANCE = 0.25;

export interface SectionShape extends ContourShape {
  /** fraction of rays with a found edge */
  readonly boundedFraction: number;
  /** cleaned radii used for the shape */
  readonly radiiMm: Float64Array;
}

/** sectionShape's smoothing scratch (7 neighbours, then the local medians), reused from call to call */
let smoothScratch = new Float64Array(0);

/**
 * Contour shape: missing or outlying rays (side-branch openings, chamber next door) are replaced by
 * the section median so the main lumen is measured.
 */
export function sectionShape(sec: Section, rays: number, opts: { readonly smooth?: boolean } = {}): SectionShape {
  const med = median(sec.radiiMm);
  const r = new Float64Array(rays);
  let bounded = 0;
  for (let q = 0; q < rays; q++) {
    const v = sec.radiiMm[q]!;
    if (Number.isFinite(v)) bounded++;
    r[q] = Number.isFinite(v) && v <= 1.6 * med + 0.2 ? v : med;
  }
  // a run of up to 3 rays far from its ±3-ray neighbourhood (a ray leaking through thin calcium at the end
  // of a calcified arc, a noise spike) takes the neighbourhood median: a lumen contour is smooth
  // (without a finite median the contour is empty whatever the smoothing)
  if (opts.smooth && rays >= 7 && Number.isFinite(med)) {
    if (smoothScratch.length < 7 + rays) smoothScratch = new Float64Array(7 + rays);
    const nb = smoothScratch.subarray(0, 7), local = smoothScratch.subarray(7, 7 + rays);
    const at = (i: number): number => r[i < 0 ? i + rays : i >= rays ? i - rays : i]!;
    // the 7 neighbours kept sorted as the window turns (one value out, one in): the same median as sorting each window
    for (let k = 0; k < 7; k++) {
      const v = at(k - 3);
      let j = k;
      while (j > 0 && nb[j - 1]! > v) { nb[j] = nb[j - 1]!; j--; }
      nb[j] = v;
    }
    local[0] = nb[3]!;
    for (let q = 1; q < rays; q++) {
      const out = at(q - 4), v = at(q + 3);
      let j = 0;
      while (nb[j] !== out) j++;
      for (; j < 6; j++) nb[j] = nb[j + 1]!;
      j = 6;
      while (j > 0 && nb[j - 1]! > v) { nb[j] = nb[j - 1]!; j--; }
      nb[j] = v;
      local[q] = nb[3]!;
    }
    for (let q = 0; q < rays; q++) if (Math.abs(r[q]! - local[q]!) > SMOOTH_TOLERANCE * local[q]! + 0.1) r[q] = local[q]!;
  }
  if (!Number.isFinite(med)) return { areaMm2: 0, minDiameterMm: 0, maxDiameterMm: 0, centroid: [0, 0], boundedFraction: 0, radiiMm: r.fill(0) };
  const shape = contourShape(r);
  return { areaMm2: shape.areaMm2, minDiameterMm: shape.minDiameterMm, maxDiameterMm: shape.maxDiameterMm, centroid: shape.centroid, boundedFraction: bounded / rays, radiiMm: r };
}
