/**
 * Reference lumen and lesions from a lumen profile.
 * Reference: a robust local linear fit of the tapering equivalent diameter (tricube weights) that
 * iteratively leaves out narrowed (< 90 % of the fit) and flared (> 130 %) sections; or, when the
 * user sets proximal and distal reference points, the line through the diameters measured there.
 * Lesions: runs with diameter stenosis ≥ 20 %, extended while ≥ 10 % (a mild one, < 25 %, at least 2 mm long;
 * any one at least as long as the z blur images a narrowing); two runs are one lesion unless at least 2 mm of
 * sections back near the reference separate them (a flared section, wider than the reference band, is not one);
 * MLA, MLD (equivalent diameter of the MLA), %DS and %AS against the reference diameter at the MLA position.
 */
import type { LumenSample } from './lumen.ts';

export interface ReferenceOptions {
  /** user-set reference positions (arc length, mm): proximal and distal */
  readonly referenceSMm?: readonly [number, number];
  /** bandwidth of the local fit, mm (default 20) */
  readonly bandwidthMm?: number;
}

export interface LesionCore {
  readonly sMm: number;
  readonly startSMm: number;
  readonly endSMm: number;
  readonly lengthMm: number;
  readonly mlaMm2: number;
  readonly mldMm: number;
  readonly referenceDiameterMm: number;
  readonly referenceAreaMm2: number;
  readonly diameterStenosisPct: number;
  readonly areaStenosisPct: number;
  readonly totalOcclusion: boolean;
  /** section indices (inclusive) */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly mlaIndex: number;
}

/** Smoothed equivalent diameters (3-sample mean of the sections with lumen; sections without lumen stay 0). */
export function smoothedDiameters(samples: readonly Pick<LumenSample, 'hasLumen' | 'equivalentDiameterMm'>[]): Float64Array {
  const n = samples.length;
  const d = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    if (!samples[q]!.hasLumen) { d[q] = 0; continue; }
    let acc = 0, c = 0;
    for (let m = Math.max(0, q - 1); m <= Math.min(n - 1, q + 1); m++) if (samples[m]!.hasLumen) { acc += samples[m]!.equivalentDiameterMm; c++; }
    d[q] = acc / c;
  }
  return d;
}

/**
 * start of the reference: an upper quartile of the diameters within ±10 mm (a robust statistic: narrowings only
 * lower diameters, so the healthy ones are the upper part as long as less than three quarters of the window is narrowed)
 */
const REF_PCT = 0.75;
/** a lesion extends while its DS is at least this, %: the same band as the reference fit keeps out (KEEP_LOW) */
const EXTEND_PCT = 10;
/**
 * sections kept in the fit: between these fractions of the current reference. Low: what a lesion extends over
 * (1 − EXTEND_PCT); high: a flare of a branch opening or an ostium (the lumen there is the union of two vessels)
 */
const KEEP_LOW = 1 - EXTEND_PCT / 100, KEEP_HIGH = 1.15;
/** two narrowings closer than this are one lesion, mm: a return shorter than twice the z blur of CCTA (FWHM ≤ 1.1 mm) is not resolved */
const MERGE_GAP_MM = 2;
function localFit(s: Float64Array, d: Float64Array, mask: Uint8Array, h: number): Float64Array {
  const n = s.length;
  const out = new Float64Array(n).fill(NaN);
  for (let q = 0; q < n; q++) {
    for (let hh = h; hh <= 8 * h; hh *= 2) {
      let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (let m = 0; m < n; m++) {
        if (!mask[m]) continue;
        const u = Math.abs(s[m]! - s[q]!) / hh;
        if (u >= 1) continue;
        const w = (1 - u * u * u) ** 3;
        const x = s[m]! - s[q]!;
        sw += w; sx += w * x; sy += w * d[m]!; sxx += w * x * x; sxy += w * x * d[m]!;
      }
      if (sw < 4) continue;
      const den = sw * sxx - sx * sx;
      // intercept at x = 0 (the point itself); fall back to the weighted mean when ill-conditioned
      out[q] = Math.abs(den) > 1e-9 * sw * sw ? (sy * sxx - sx * sxy) / den : sy / sw;
      break;
    }
  }
  return out;
}

/** Reference equivalent diameter at every section, mm. */
export function referenceDiameters(samples: readonly LumenSample[], opts: ReferenceOptions = {}): Float64Array {
  const n = samples.length;
  const s = Float64Array.from(samples, (x) => x.sMm);
  const d = smoothedDiameters(samples);
  if (opts.referenceSMm) {
    const at = (sRef: number): number => {
      let acc = 0, c = 0;
      for (let q = 0; q < n; q++) if (Math.abs(s[q]! - sRef) <= 1 && samples[q]!.hasLumen) { acc += d[q]!; c++; }
      return c ? acc / c : NaN;
    };
    const [s0, s1] = opts.referenceSMm;
    const d0 = at(s0), d1 = at(s1);
    return Float64Array.from(s, (x) => (s1 !== s0 ? d0 + ((d1 - d0) * (x - s0)) / (s1 - s0) : d0));
  }
  const h = opts.bandwidthMm ?? 20;
  // start from a running upper quantile over a fixed ±10 mm count of sections (shifted inward at the ends):
  // narrowings only lower it and short flares (bifurcation, ostium, chamber-sized sections) stay above it
  const half = Math.max(4, Math.round(10 / Math.max(1e-6, (s[n - 1]! - s[0]!) / Math.max(1, n - 1))));
  let ref: Float64Array = new Float64Array(n);
  const w = new Float64Array(2 * half + 1);
  for (let q = 0; q < n; q++) {
    const lo = Math.max(0, Math.min(q - half, n - 1 - 2 * half)), hi = Math.min(n - 1, lo + 2 * half);
    let c = 0;
    for (let m = lo; m <= hi; m++) if (samples[m]!.hasLumen) w[c++] = d[m]!;
    const sorted = w.subarray(0, c).sort();
    ref[q] = c ? sorted[Math.floor(REF_PCT * (c - 1))]! : NaN;
  }
  const mask = Uint8Array.from(samples, (x, q) => (x.hasLumen && d[q]! >= KEEP_LOW * ref[q]! && d[q]! <= KEEP_HIGH * ref[q]! ? 1 : 0));
  ref = localFit(s, d, mask, h);
  for (let it = 0; it < 6; it++) {
    let changed = 0;
    for (let q = 0; q < n; q++) {
      const keep = samples[q]!.hasLumen && d[q]! >= KEEP_LOW * ref[q]! && d[q]! <= KEEP_HIGH * ref[q]! ? 1 : 0;
      if (keep !== mask[q]) { mask[q] = keep; changed++; }
    }
    if (!changed && it > 0) break;
    const next = localFit(s, d, mask, h);
    for (let q = 0; q < n; q++) if (Number.isFinite(next[q]!)) ref[q] = next[q]!;
  }
  ref = ref.map((v) => (Number.isFinite(v) ? v : NaN));
  return ref;
}

/**
 * a lesion below MILD_PCT % DS (CAD-RADS 2's lower bound) must be at least MIN_MILD_LENGTH_MM long to be reported:
 * a shorter mild narrowing is below twice the z blur of CCTA (FWHM ≤ 1.1 mm)
 */
const MILD_PCT = 25;
const MIN_MILD_LENGTH_MM = 2;

/**
 * the sharpest z blur of CCTA, FWHM mm: a narrowing of any length is imaged over at least this much, so a run above
 * EXTEND_PCT shorter than it plus the smoothing's one section either side is a glitch of a few sections (noise, a
 * section cut obliquely where the centreline swerves toward a branch), not a stenosis
 */
const MIN_Z_BLUR_FWHM_MM = 0.5;

/**
 * Sections wider than the reference band (KEEP_HIGH): the union of the vessel with a branch's opening, a chamber
 * or a section field filled by something bright. They say nothing of the vessel's own lumen there, so they neither
 * extend a lesion nor count as the healthy stretch that separates two.
 */
export function flaredSections(samples: readonly Pick<LumenSample, 'hasLumen' | 'equivalentDiameterMm'>[], refD: Float64Array): Uint8Array {
  return Uint8Array.from(samples, (x, q) => (x.hasLumen && Number.isFinite(refD[q]!) && x.equivalentDiameterMm > KEEP_HIGH * refD[q]! ? 1 : 0));
}

/**
 * End index of the lesion whose last section at or above EXTEND_PCT is b, after merging every following run that
 * less than MERGE_GAP_MM of sections back near the reference (flared ones not counted) separates from it.
 */
function mergedEnd(s: Float64Array, ds: Float64Array, flared: Uint8Array, b: number): number {
  const n = s.length;
  for (;;) {
    let c = b + 1, healthyMm = 0;
    while (c < n && ds[c]! < EXTEND_PCT && healthyMm < MERGE_GAP_MM) {
      if (!flared[c]) healthyMm += s[c]! - s[c - 1]!;
      c++;
    }
    if (c >= n || ds[c]! < EXTEND_PCT || healthyMm + s[c]! - s[c - 1]! >= MERGE_GAP_MM) return b;
    b = c;
    while (b < n - 1 && ds[b + 1]! >= EXTEND_PCT) b++;
  }
}

/** Lesions (DS ≥ minPct, default 20 %; mild ones at least 2 mm long), largest stenosis first. */
export function findLesions(samples: readonly LumenSample[], refD: Float64Array, minPct = 20): LesionCore[] {
  const n = samples.length;
  const d = smoothedDiameters(samples);
  const s = Float64Array.from(samples, (x) => x.sMm);
  const ds = Float64Array.from(d, (v, q) => (Number.isFinite(refD[q]!) && refD[q]! > 0 ? 100 * (1 - v / refD[q]!) : 0));
  const flared = flaredSections(samples, refD);
  const out: LesionCore[] = [];
  let q = 0;
  while (q < n) {
    if (ds[q]! < minPct) { q++; continue; }
    let a = q, b = q;
    while (a > 0 && ds[a - 1]! >= EXTEND_PCT) a--;
    while (b < n - 1 && ds[b + 1]! >= EXTEND_PCT) b++;
    b = mergedEnd(s, ds, flared, b);
    out.push(measureLesion(samples, refD, d, a, b));
    q = b + 1;
  }
  const stepMm = n > 1 ? (s[n - 1]! - s[0]!) / (n - 1) : 0;
  const minImagedMm = MIN_Z_BLUR_FWHM_MM + 2 * stepMm;
  // a mild narrowing (< 25 %) shorter than 2 mm is below what CT resolves (a few blurred sections; ostial flares,
  // seed ends): not reported; nor is any run shorter than the z blur images a narrowing over
  return out.filter((l) => l.diameterStenosisPct >= minPct && l.lengthMm >= minImagedMm - 1e-9
    && !(l.diameterStenosisPct < MILD_PCT && l.lengthMm < MIN_MILD_LENGTH_MM))
    .sort((x, y) => y.diameterStenosisPct - x.diameterStenosisPct);
}

function measureLesion(samples: readonly LumenSample[], refD: Float64Array, d: Float64Array, a: number, b: number): LesionCore {
  // an occlusion is placed in the middle of its longest lumen-less run; a stenosis at its smallest lumen
  let mi = a, occluded = false, runStart = -1, bestRun = 0;
  for (let q = a; q <= b + 1; q++) {
    if (q <= b && !samples[q]!.hasLumen) { if (runStart < 0) runStart = q; continue; }
    if (runStart >= 0 && q - runStart > bestRun) { bestRun = q - runStart; mi = (runStart + q - 1) >> 1; occluded = true; }
    runStart = -1;
  }
  if (!occluded) for (let q = a; q <= b; q++) if (d[q]! < d[mi]!) mi = q;
  const rd = refD[mi]!;
  const ra = (Math.PI * rd * rd) / 4;
  const mld = occluded ? 0 : d[mi]!;
  const mla = occluded ? 0 : (Math.PI * mld * mld) / 4;
  const s0 = samples[a]!.sMm, s1 = samples[b]!.sMm;
  return {
    sMm: samples[mi]!.sMm, startSMm: s0, endSMm: s1, lengthMm: s1 - s0, mlaMm2: mla, mldMm: mld,
    referenceDiameterMm: rd, referenceAreaMm2: ra,
    diameterStenosisPct: occluded ? 100 : Math.max(0, 100 * (1 - mld / rd)),
    areaStenosisPct: occluded ? 100 : Math.max(0, 100 * (1 - mla / ra)),
    totalOcclusion: occluded, startIndex: a, endIndex: b, mlaIndex: mi,
  };
}
