/**
 * Reference lumen and lesions from a lumen profile.
 * Reference: a robust local linear fit of the tapering equivalent diameter (tricube weights) that
 * iteratively leaves out narrowed (< 90 % of the fit) and flared (> 130 %) sections; or, when the
 * user sets proximal and distal reference points, the line through the diameters measured there.
 * Lesions: runs with diameter stenosis ≥ 20 %, extended while ≥ 10 % (a mild one, < 25 %, at least 2 mm long;
 * any one at least as long as the z blur images a narrowing); two runs are one lesion unless at least 2 mm of
 * sections back near the reference separate them (a flared section, wider than the reference band, is not one, nor is a
 * section within calcium's bloom beside a lumen-less run); MLA, MLD (equivalent diameter of the MLA), %DS and %AS
 * against the reference diameter at the MLA position; an occlusion at the middle of its lumen-less span.
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

/** calcium blooms a lumen's image this far along the vessel, mm: 3 σ of the widest CCTA blur (FWHM 1.1 mm) */
export const BLOOM_REACH_MM = 1.5;

/**
 * Sections within calcium's bloom (BLOOM_REACH_MM of a section with calcium): their lumen reading can be calcium's
 * blurred image alone (a calcified ring or arc blurred fills the section's centre to the lumen's level).
 */
export function bloomedSections(samples: readonly Pick<LumenSample, 'sMm' | 'calcifiedFraction'>[]): Uint8Array {
  const n = samples.length, out = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    if (!(samples[q]!.calcifiedFraction > 0)) continue;
    for (let m = q; m >= 0 && samples[q]!.sMm - samples[m]!.sMm <= BLOOM_REACH_MM; m--) out[m] = 1;
    for (let m = q; m < n && samples[m]!.sMm - samples[q]!.sMm <= BLOOM_REACH_MM; m++) out[m] = 1;
  }
  return out;
}

/** Sections that neither start a lesion nor count as back on the reference when merging. */
interface SkipMasks { readonly flared: Uint8Array; readonly bloomed: Uint8Array }

/** Whether any section a..b (inclusive) has no lumen. */
function hasLumenless(samples: readonly Pick<LumenSample, 'hasLumen'>[], a: number, b: number): boolean {
  for (let q = a; q <= b; q++) if (!samples[q]!.hasLumen) return true;
  return false;
}

/**
 * End index of the lesion a..b (b its last section at or above EXTEND_PCT), after merging every following run that
 * less than MERGE_GAP_MM of sections back near the reference separates from it. Flared sections are not counted; nor,
 * between a lumen-less run and another narrowing, are bloomed ones: no contrast reaches them through the run, so
 * what reads as lumen there is calcium's blurred image (a calcified occlusion is one lesion).
 */
function mergedEnd(samples: readonly LumenSample[], s: Float64Array, ds: Float64Array, skip: SkipMasks, a: number, b: number): number {
  const n = s.length, { flared, bloomed } = skip;
  for (;;) {
    // walk the gap until the next run, or until MERGE_GAP_MM of sections neither flared nor bloomed
    let c = b + 1, healthyMm = 0, clearMm = 0;
    while (c < n && ds[c]! < EXTEND_PCT && clearMm < MERGE_GAP_MM) {
      const stepMm = s[c]! - s[c - 1]!;
      if (!flared[c]) { healthyMm += stepMm; if (!bloomed[c]) clearMm += stepMm; }
      c++;
    }
    if (c >= n || ds[c]! < EXTEND_PCT) return b;
    let f = c;
    while (f < n - 1 && ds[f + 1]! >= EXTEND_PCT) f++;
    const beside = hasLumenless(samples, a, b) || hasLumenless(samples, c, f);
    const stepMm = s[c]! - s[c - 1]!;
    if ((beside ? clearMm : healthyMm) + stepMm >= MERGE_GAP_MM) return b;
    b = f;
  }
}

/** Lesions (DS ≥ minPct, default 20 %; mild ones at least 2 mm long), largest stenosis first. */
export function findLesions(samples: readonly LumenSample[], refD: Float64Array, minPct = 20): LesionCore[] {
  const n = samples.length;
  const d = smoothedDiameters(samples);
  const s = Float64Array.from(samples, (x) => x.sMm);
  const ds = Float64Array.from(d, (v, q) => (Number.isFinite(refD[q]!) && refD[q]! > 0 ? 100 * (1 - v / refD[q]!) : 0));
  const stepMm = n > 1 ? (s[n - 1]! - s[0]!) / (n - 1) : 0;
  const minImagedMm = MIN_Z_BLUR_FWHM_MM + 2 * stepMm;
  const skip: SkipMasks = { flared: flaredSections(samples, refD), bloomed: bloomedSections(samples) };
  const out: LesionCore[] = [];
  let q = 0;
  while (q < n) {
    if (ds[q]! < minPct) { q++; continue; }
    let a = q, b = q;
    while (a > 0 && ds[a - 1]! >= EXTEND_PCT) a--;
    while (b < n - 1 && ds[b + 1]! >= EXTEND_PCT) b++;
    b = mergedEnd(samples, s, ds, skip, a, b);
    out.push(measureLesion(samples, refD, d, a, b));
    q = b + 1;
  }
  // a mild narrowing (< 25 %) shorter than 2 mm is below what CT resolves (a few blurred sections; ostial flares,
  // seed ends): not reported; nor is any run shorter than the z blur images a narrowing over
  return out.filter((l) => l.diameterStenosisPct >= minPct && l.lengthMm >= minImagedMm - 1e-9
    && !(l.diameterStenosisPct < MILD_PCT && l.lengthMm < MIN_MILD_LENGTH_MM))
    .sort((x, y) => y.diameterStenosisPct - x.diameterStenosisPct);
}

/** The section of first..last nearest the middle of their arc lengths. */
function nearestToMiddle(samples: readonly Pick<LumenSample, 'sMm'>[], first: number, last: number): number {
  const mid = (samples[first]!.sMm + samples[last]!.sMm) / 2;
  let mi = first;
  for (let q = first; q <= last; q++) if (Math.abs(samples[q]!.sMm - mid) < Math.abs(samples[mi]!.sMm - mid)) mi = q;
  return mi;
}

function measureLesion(samples: readonly LumenSample[], refD: Float64Array, d: Float64Array, a: number, b: number): LesionCore {
  // an occlusion is placed in the middle of its lumen-less span, from its first to its last lumen-less section: no
  // contrast reaches what lies between through them, so a lumen read there is calcium's bloom; a stenosis at its
  // smallest lumen
  let mi = a, first = -1, last = -1;
  for (let q = a; q <= b; q++) if (!samples[q]!.hasLumen) { if (first < 0) first = q; last = q; }
  const occluded = first >= 0;
  if (occluded) mi = nearestToMiddle(samples, first, last);
  else for (let q = a; q <= b; q++) if (d[q]! < d[mi]!) mi = q;
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
