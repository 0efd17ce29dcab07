/**
 * Reference lumen and lesions from a lumen profile.
 * Reference: a robust local linear fit of the tapering equivalent diameter (tricube weights) that
 * iteratively leaves out narrowed (< 90 % of the fit) and flared (> 115 %) sections, and sections reading the whole
 * section field; fitted again under the valley-filled fit (a healthy vessel tapers without a valley); never carried
 * past the sections that fix it. Or, when the user sets proximal and distal reference points, the line through the
 * diameters measured there.
 * Lesions: runs with diameter stenosis significant against the profile's own noise (4 SD, and ≥ 10 %), extended
 * while ≥ 10 % (a mild one, < 25 %, at least 2 mm long;
 * any one at least as long as the z blur images a narrowing); two runs are one lesion unless at least 2 mm of
 * sections back near the reference separate them (a flared section, wider than the reference band, is not one, nor is a
 * section within calcium's bloom beside a lumen-less run); MLA, MLD (equivalent diameter of the MLA), %DS and %AS
 * against the reference diameter at the MLA position; an occlusion at the middle of its lumen-less span.
 */
import type { LumenSample } from './lumen.ts';
import { midMedianFinite } from './running-levels.ts';

export interface ReferenceOptions {
  /** user-set reference positions (arc length, mm): proximal and distal */
  readonly referenceSMm?: readonly [number, number];
  /** bandwidth of the local fit, mm (default 20) */
  readonly bandwidthMm?: number;
  /**
   * diameter of the section field, mm (twice the rays' reach): a section reading it found no lumen edge inside the
   * field (a chamber-sized lumen, or contrast all around), so its diameter says nothing of the vessel's
   */
  readonly fieldDiameterMm?: number;
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
/**
 * Local linear fit (tricube weights, bandwidth h, widened up to 8 h where fewer than 4 sections weigh in) of d over
 * the sections in mask, at every section. The line is not carried past the sections that fix it: beyond the last
 * one weighing in (an occlusion or a lesion at the vessel's end), the fit holds its value there, since a taper
 * measured on one side says nothing of how the vessel goes on where it is not measured.
 */
function localFit(s: Float64Array, d: Float64Array, mask: Uint8Array, h: number): Float64Array {
  const n = s.length;
  const out = new Float64Array(n).fill(NaN);
  for (let q = 0; q < n; q++) {
    for (let hh = h; hh <= 8 * h; hh *= 2) {
      let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, xMin = Infinity, xMax = -Infinity;
      for (let m = 0; m < n; m++) {
        if (!mask[m]) continue;
        const u = Math.abs(s[m]! - s[q]!) / hh;
        if (u >= 1) continue;
        const w = (1 - u * u * u) ** 3;
        const x = s[m]! - s[q]!;
        sw += w; sx += w * x; sy += w * d[m]!; sxx += w * x * x; sxy += w * x * d[m]!;
        if (x < xMin) xMin = x;
        if (x > xMax) xMax = x;
      }
      if (sw < 4) continue;
      const den = sw * sxx - sx * sx;
      // the line at the point itself, or at the nearest section fixing it; the weighted mean when ill-conditioned
      const at = Math.min(xMax, Math.max(xMin, 0));
      out[q] = Math.abs(den) > 1e-9 * sw * sw ? sy / sw + ((sw * sxy - sx * sy) / den) * (at - sx / sw) : sy / sw;
      break;
    }
  }
  return out;
}

/** Reference equivalent diameter at every section, mm. */
export function referenceDiameters(samples: readonly LumenSample[], opts: ReferenceOptions = {}): Float64Array {
  const n = samples.length;
  const s = Float64Array.from(samples, (x) => x.sMm);
  if (opts.referenceSMm) {
    const dUser = smoothedDiameters(samples);
    const at = (sRef: number): number => {
      let acc = 0, c = 0;
      for (let q = 0; q < n; q++) if (Math.abs(s[q]! - sRef) <= 1 && samples[q]!.hasLumen) { acc += dUser[q]!; c++; }
      return c ? acc / c : NaN;
    };
    const [s0, s1] = opts.referenceSMm;
    const d0 = at(s0), d1 = at(s1);
    return Float64Array.from(s, (x) => (s1 !== s0 ? d0 + ((d1 - d0) * (x - s0)) / (s1 - s0) : d0));
  }
  const h = opts.bandwidthMm ?? 20;
  // the reference is fitted on the sections whose lumen edge lies inside the section field, and on their 3-section
  // means alone (a field-wide neighbour would lift them)
  const field = opts.fieldDiameterMm ?? Infinity;
  const inField = samples.map((x) => ({ hasLumen: x.hasLumen && x.equivalentDiameterMm < field - 1e-6, equivalentDiameterMm: x.equivalentDiameterMm }));
  const d = smoothedDiameters(inField);
  // start from a running upper quantile over a fixed ±10 mm count of sections (shifted inward at the ends):
  // narrowings only lower it and short flares (bifurcation, ostium, chamber-sized sections) stay above it
  const half = Math.max(4, Math.round(10 / Math.max(1e-6, (s[n - 1]! - s[0]!) / Math.max(1, n - 1))));
  let ref: Float64Array = new Float64Array(n);
  const w = new Float64Array(2 * half + 1);
  for (let q = 0; q < n; q++) {
    const lo = Math.max(0, Math.min(q - half, n - 1 - 2 * half)), hi = Math.min(n - 1, lo + 2 * half);
    let c = 0;
    for (let m = lo; m <= hi; m++) if (inField[m]!.hasLumen) w[c++] = d[m]!;
    const sorted = w.subarray(0, c).sort();
    ref[q] = c ? sorted[Math.floor(REF_PCT * (c - 1))]! : NaN;
  }
  const mask = new Uint8Array(n);
  keepBand(inField, d, ref, mask);
  ref = localFit(s, d, mask, h);
  const refit = (): void => {
    const next = localFit(s, d, mask, h);
    for (let q = 0; q < n; q++) if (Number.isFinite(next[q]!)) ref[q] = next[q]!;
  };
  for (let it = 0; it < 6; it++) {
    if (!keepBand(inField, d, ref, mask) && it > 0) break;
    refit();
  }
  // a lesion longer than the fit's reach (diffuse, or tandem ones) pulls the fit down into a valley; a healthy vessel
  // tapers without one: the sections under the band of the valley-filled fit are left out and the fit is made again
  keepBand(inField, d, valleyFilledAboutTaper(s, ref, mask, samples), mask);
  refit();
  return ref.map((v) => (Number.isFinite(v) ? v : NaN));
}

/** Marks in mask the sections with lumen within KEEP_LOW..KEEP_HIGH of centre; returns how many marks changed. */
function keepBand(sections: readonly Pick<LumenSample, 'hasLumen'>[], d: Float64Array, centre: Float64Array, mask: Uint8Array): number {
  let changed = 0;
  for (let q = 0; q < mask.length; q++) {
    const keep = sections[q]!.hasLumen && d[q]! >= KEEP_LOW * centre[q]! && d[q]! <= KEEP_HIGH * centre[q]! ? 1 : 0;
    if (keep !== mask[q]) { mask[q] = keep; changed++; }
  }
  return changed;
}

/**
 * The fit valley-filled about the vessel's taper: the straight line fitted to it over the sections it rests on (mask) is
 * taken out, the valleys of what is left are filled and the line put back (a tapering vessel's fit falls along its
 * length, and a valley reads against that fall); within each stretch with lumen
 */
function valleyFilledAboutTaper(s: Float64Array, ref: Float64Array, mask: Uint8Array, samples: readonly Pick<LumenSample, 'hasLumen'>[]): Float64Array {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let q = 0; q < s.length; q++) {
    if (!mask[q] || !Number.isFinite(ref[q]!)) continue;
    sw++; sx += s[q]!; sy += ref[q]!; sxx += s[q]! * s[q]!; sxy += s[q]! * ref[q]!;
  }
  const den = sw * sxx - sx * sx;
  const slope = sw >= 2 && Math.abs(den) > 1e-9 * sw * sw ? (sw * sxy - sx * sy) / den : 0;
  // a valley is judged on each side of a lumen-less run apart: beyond an occlusion the vessel is seen through a
  // collateral refill, at another contrast, and its diameters do not compare with those before it
  const out = ref.map((v, q) => v - slope * s[q]!);
  for (let a = 0; a < out.length;) {
    if (!samples[a]!.hasLumen) { a++; continue; }
    let b = a;
    while (b + 1 < out.length && samples[b + 1]!.hasLumen) b++;
    out.set(valleyFilled(out.subarray(a, b + 1)), a);
    a = b + 1;
  }
  return out.map((v, q) => v + slope * s[q]!);
}

/** The smallest curve at or above v without an interior minimum: at each section, the lower of the largest values before and after it. */
export function valleyFilled(v: Float64Array): Float64Array {
  const n = v.length, before = new Float64Array(n), out = new Float64Array(n);
  let m = -Infinity;
  for (let q = 0; q < n; q++) { if (Number.isFinite(v[q]!)) m = Math.max(m, v[q]!); before[q] = m; }
  m = -Infinity;
  for (let q = n - 1; q >= 0; q--) { if (Number.isFinite(v[q]!)) m = Math.max(m, v[q]!); out[q] = Number.isFinite(v[q]!) ? Math.max(v[q]!, Math.min(before[q]!, m)) : v[q]!; }
  return out;
}

/**
 * a lesion below MILD_PCT % DS (CAD-RADS 2's lower bound) must be at least MIN_MILD_LENGTH_MM long to be reported:
 * a shorter mild narrowing is below twice the z blur of CCTA (FWHM ≤ 1.1 mm)
 */
const MILD_PCT = 25;
const MIN_MILD_LENGTH_MM = 2;
/**
 * the fixed threshold of reporting, %: without enough sections outside the lesions to measure the noise, and against a
 * reference the user sets (the %DS of the healthy sections is then not centred on zero, so their spread is not noise)
 */
export const FIXED_MIN_PCT = 20;

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

/**
 * a narrowing is reported when its %DS stands this many noise SDs above the reference. Measured on seeded profiles of
 * 100 mm whose noise is correlated over ≈ 1 mm (the z blur) with a %DS SD of 6–8 %: noise alone passes 3.5 SD in about
 * one profile in four, 4 SD in none to one in twenty (lesion-reference.test.ts); noisier profiles pass it more often,
 * as the reference band (KEEP_LOW) then cuts the lower tail of the noise the SD is measured on
 */
const SIGNIFICANT_Z = 4;

/**
 * Robust SD (1.4826 × median absolute deviation) of the %DS of the sections with lumen outside every lesion; NaN
 * below 10 such sections.
 */
export function stenosisNoisePct(dsPct: Float64Array, lesions: readonly Pick<LesionCore, 'startIndex' | 'endIndex'>[]): number {
  const inLesion = new Uint8Array(dsPct.length);
  for (const l of lesions) inLesion.fill(1, Math.max(0, l.startIndex), Math.min(dsPct.length, l.endIndex + 1));
  const v: number[] = [];
  dsPct.forEach((x, q) => { if (!inLesion[q] && Number.isFinite(x) && x < 100) v.push(x); });
  if (v.length < 10) return NaN;
  const med = midMedianFinite(v);
  return 1.4826 * midMedianFinite(v.map((x) => Math.abs(x - med)));
}

/** Every run reaching EXTEND_PCT, merged as one lesion where less than MERGE_GAP_MM separates them. */
function candidateRuns(samples: readonly LumenSample[], refD: Float64Array, d: Float64Array, ds: Float64Array): LesionCore[] {
  const n = samples.length;
  const s = Float64Array.from(samples, (x) => x.sMm);
  const skip: SkipMasks = { flared: flaredSections(samples, refD), bloomed: bloomedSections(samples) };
  const out: LesionCore[] = [];
  let q = 0;
  while (q < n) {
    if (ds[q]! < EXTEND_PCT) { q++; continue; }
    let b = q;
    while (b < n - 1 && ds[b + 1]! >= EXTEND_PCT) b++;
    b = mergedEnd(samples, s, ds, skip, q, b);
    out.push(measureLesion(samples, refD, d, q, b));
    q = b + 1;
  }
  return out;
}

/**
 * Lesions, largest stenosis first: narrowings whose %DS is significant against the profile's own noise
 * (SIGNIFICANT_Z SDs, the SD measured on the sections outside the significant ones) and at least EXTEND_PCT; a mild one
 * (< 25 %) at least 2 mm long, any one at least as long as the z blur images a narrowing. `minPct` replaces the noise
 * test by a fixed %DS (no lesion below it).
 */
export function findLesions(samples: readonly LumenSample[], refD: Float64Array, minPct?: number): LesionCore[] {
  const n = samples.length;
  const d = smoothedDiameters(samples);
  const ds = Float64Array.from(d, (v, q) => (Number.isFinite(refD[q]!) && refD[q]! > 0 ? 100 * (1 - v / refD[q]!) : 0));
  const stepMm = n > 1 ? (samples[n - 1]!.sMm - samples[0]!.sMm) / (n - 1) : 0;
  const minImagedMm = MIN_Z_BLUR_FWHM_MM + 2 * stepMm;
  // a mild narrowing (< 25 %) shorter than 2 mm is below what CT resolves (a few blurred sections; ostial flares,
  // seed ends): not reported; nor is any run shorter than the z blur images a narrowing over
  const imaged = candidateRuns(samples, refD, d, ds).filter((l) => l.lengthMm >= minImagedMm - 1e-9
    && !(l.diameterStenosisPct < MILD_PCT && l.lengthMm < MIN_MILD_LENGTH_MM));
  let floorPct = minPct ?? FIXED_MIN_PCT;
  if (minPct === undefined) {
    // the noise from the sections outside the narrowings found significant, first those a fixed FIXED_MIN_PCT takes
    // (the median absolute deviation of every section is inflated where narrowings cover half the vessel), then twice
    // those found significant: a narrowing left in the noise sample widens it
    let kept = imaged.filter((l) => l.diameterStenosisPct >= FIXED_MIN_PCT);
    for (let it = 0; it < 2; it++) {
      const noisePct = stenosisNoisePct(ds, kept);
      if (!Number.isFinite(noisePct)) break;
      floorPct = Math.max(EXTEND_PCT, SIGNIFICANT_Z * noisePct);
      kept = imaged.filter((l) => l.diameterStenosisPct >= floorPct);
    }
  }
  return imaged.filter((l) => l.diameterStenosisPct >= floorPct).sort((x, y) => y.diameterStenosisPct - x.diameterStenosisPct);
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
