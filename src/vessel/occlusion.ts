/**
 * Which sections have no lumen: an occlusion is a run with no contrast above the plaque around it.
 *
 * The lumen profile (lumen.ts) calls a section lumen-less when its centre is dark relative to the healthy lumen
 * level nearby. That misreads two cases: a near-occlusion whose residual lumen is narrower than the blur (its
 * peak is a small fraction of the lumen level, yet clearly above the plaque around it: a sub-total stenosis,
 * not an occlusion), and an occlusion followed by a dim collateral refill (the level nearby drops, and plaque
 * a little brighter than the rest reads as lumen). Here every dark section whose content could be a sub-resolution
 * lumen in plaque is judged against that plaque: on profiles averaged over a short stack of dark sections, the
 * brightest spot of the blur's size near the centre must stand out from every sector of the ring around it by
 * more than the noise of that statistic allows (a residual lumen is a peak in every direction; the part of a
 * plaque farthest from the fat only falls toward the fat). A dark run whose lower quartile stands out has a lumen
 * all along (a sub-total stenosis); elsewhere a section has a lumen only if its own blob clearly stands out. The
 * area of a lumen found here is the partial-volume mass ∫ (HU − plaque) dA / (lumen level − plaque), which blur
 * preserves. Calcium, and lumens larger than sub-resolution ones, are left as the lumen profile measured them.
 *
 * Everything comes from the image at hand: the blur σ (edge slopes of the healthy sections), the lumen level
 * and vessel radius nearby (healthy sections), the noise of the statistic (its spread along the healthy lumen),
 * the plaque level (the ring around the blob).
 * Units: mm in the section plane, HU.
 */
import type { LumenProfile, LumenSample } from './lumen.ts';

/** a section is judged here when its centre is below this fraction of the healthy level nearby (lumen.ts' faded ratio) */
const DARK_RATIO = 0.6;
/**
 * a dark section outside a lumen-filled run has a lumen when its blob exceeds its ring by this many SDs: in plaque
 * the statistic (the brightest of a section's ~10 blob positions minus the brightest of its ring's sectors) sits
 * ≈ 2 SD above zero, so 5 leaves ≈ 3 SD (p ≈ 0.1 %) for chance
 */
const DETECT_Z = 5;
/**
 * a dark run has a lumen all along when a quarter of its sections stand this many SDs above their ring: in a
 * lumen-less run (≥ 2 independent stacks, Gaussian noise) a quarter of its sections do so by chance with p < 0.2 %
 */
const RUN_Z = 3;
/**
 * in plaque alone the blob statistic is ≥ 0 up to noise (the blob is the brightest of its positions): a ring sector
 * brighter than the blob by this many SDs holds something else (lumen or calcium)
 */
const NOT_PLAQUE_Z = 2;
/** the lumen profile's rule: a section whose centre is below this fraction of the healthy lumen level has no lumen */
const LUMENLESS_RATIO = 0.2;
/** a lumen's peak stands at least this many sample noise SDs above the plaque (a reader's visibility, Rose-like) */
const VISIBLE_Z = 2;
/** half-length of the stack of dark sections averaged for the test, mm (a few times the z blur of CCTA, 0.5–1.1 mm FWHM) */
const STACK_HALF_MM = 1;
/** the largest residual lumen radius judged here, mm: ≈ the blur σ of CCTA (0.2–0.47 mm); a larger lumen shows its own edge */
const SMALL_LUMEN_MM = 0.35;
/** window of the healthy level and vessel radius around a section, mm each side */
const NEARBY_MM = 10;

export interface LumenlessJudgement {
  /** sections given a lumen here (they had none) */
  readonly found: number[];
  /** sections whose lumen was taken away (no contrast above their plaque) */
  readonly removed: number[];
}

/** Upper quantile (at) of the finite values of v[q] over sections within ±half of q (only where use[q]). */
function runningQuantile(v: ArrayLike<number>, use: (q: number) => boolean, half: number, at: number): Float64Array {
  const n = v.length, out = new Float64Array(n).fill(NaN);
  for (let q = 0; q < n; q++) {
    const w: number[] = [];
    for (let m = Math.max(0, q - half); m <= Math.min(n - 1, q + half); m++) if (use(m) && Number.isFinite(v[m]!)) w.push(v[m]!);
    if (w.length) { w.sort((a, b) => a - b); out[q] = w[Math.floor(at * (w.length - 1))]!; }
  }
  return out;
}

/**
 * Blur σ of the image (mm) from the healthy sections: a disk edge blurred by a Gaussian σ falls with steepest
 * slope H / (σ√(2π)), H the step, twice the drop from the centre to the steepest point (the half-height).
 * Ray-averaged profile of each bright section; median over sections.
 */
export function blurSigmaMm(lp: LumenProfile, bright: (q: number) => boolean): number {
  const o = lp.rays, M = Math.round(o.rMaxMm / o.drMm);
  const est: number[] = [];
  lp.profiles.forEach((prof, q) => {
    if (!bright(q)) return;
    const avg = new Float64Array(M + 1);
    for (let r = 0; r < o.rays; r++) for (let m = 0; m <= M; m++) avg[m]! += prof[r * (M + 1) + m]! / o.rays;
    let steep = 0, at = -1;
    for (let m = 1; m < M; m++) { const s = (avg[m - 1]! - avg[m + 1]!) / (2 * o.drMm); if (s > steep) { steep = s; at = m; } }
    if (at < 0) return;
    const h = 2 * (avg[0]! - avg[at]!);
    if (h > 0 && steep > 0) est.push(h / (steep * Math.sqrt(2 * Math.PI)));
  });
  if (est.length < 4) return NaN;
  est.sort((a, b) => a - b);
  return est[est.length >> 1]!;
}

/** Mean of a stack of polar profiles (sections lo..hi where use), into out; returns how many were stacked. */
function stackMean(lp: LumenProfile, lo: number, hi: number, use: (q: number) => boolean, out: Float64Array): number {
  out.fill(0);
  let c = 0;
  for (let m = lo; m <= hi; m++) {
    if (!use(m)) continue;
    const p = lp.profiles[m]!;
    for (let k = 0; k < out.length; k++) out[k]! += p[k]!;
    c++;
  }
  if (c) for (let k = 0; k < out.length; k++) out[k]! /= c;
  return c;
}

/** Where each cell of a Cartesian grid (±K samples) reads a polar profile: two rays, two radii, their weights. */
interface GridMap { readonly K: number; readonly idx: Int32Array; readonly w: Float64Array }

function gridMap(rays: number, M: number, K: number): GridMap {
  const W = 2 * K + 1;
  const idx = new Int32Array(4 * W * W), w = new Float64Array(4 * W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const x = i - K, y = j - K, c = 4 * (i + j * W);
    const rr = Math.min(M, Math.hypot(x, y));
    let th = (Math.atan2(y, x) / (2 * Math.PI)) * rays;
    if (th < 0) th += rays;
    const r0 = Math.floor(th) % rays, r1 = (r0 + 1) % rays, ft = th - Math.floor(th);
    const m0 = Math.min(M - 1, Math.floor(rr)), fm = rr - m0;
    idx[c] = r0 * (M + 1) + m0; w[c] = (1 - ft) * (1 - fm);
    idx[c + 1] = r0 * (M + 1) + m0 + 1; w[c + 1] = (1 - ft) * fm;
    idx[c + 2] = r1 * (M + 1) + m0; w[c + 2] = ft * (1 - fm);
    idx[c + 3] = r1 * (M + 1) + m0 + 1; w[c + 3] = ft * fm;
  }
  return { K, idx, w };
}

/** A polar profile (rays × M+1 samples every dr) on the Cartesian grid of step dr that `map` describes (bilinear in r, θ). */
function polarToGrid(avg: Float64Array, map: GridMap): Float64Array {
  const n = map.idx.length >> 2, g = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let v = 0;
    for (let k = 4 * c; k < 4 * c + 4; k++) v += map.w[k]! * avg[map.idx[k]!]!;
    g[c] = v;
  }
  return g;
}

/** Box means of side 2h+1 (clamped at the borders) of a W × W grid, by a summed-area table. */
function boxMeans(g: Float64Array, W: number, h: number): Float64Array {
  const S = new Float64Array((W + 1) * (W + 1));
  for (let j = 0; j < W; j++) {
    let row = 0;
    for (let i = 0; i < W; i++) { row += g[i + j * W]!; S[(i + 1) + (j + 1) * (W + 1)] = S[(i + 1) + j * (W + 1)]! + row; }
  }
  const out = new Float64Array(W * W);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const i0 = Math.max(0, i - h), i1 = Math.min(W, i + h + 1), j0 = Math.max(0, j - h), j1 = Math.min(W, j + h + 1);
    out[i + j * W] = (S[i1 + j1 * (W + 1)]! - S[i0 + j1 * (W + 1)]! - S[i1 + j0 * (W + 1)]! + S[i0 + j0 * (W + 1)]!) / ((i1 - i0) * (j1 - j0));
  }
  return out;
}

/**
 * Noise SD of the blob statistic on a full stack, measured on the healthy lumen: the centre window of stacks of
 * bright sections differs between stacks `lag` sections apart (beyond the stack and the noise correlation) by noise
 * (the lumen level changes slowly); robust (MAD).
 * Whatever the noise texture (white or correlated), this is the statistic's own spread.
 */
function blobNoiseSdHu(lp: LumenProfile, bright: (q: number) => boolean, stack: number, radSamples: number, lag: number): number {
  const n = lp.samples.length, o = lp.rays, M = Math.round(o.rMaxMm / o.drMm);
  const tmp = new Float64Array((M + 1) * o.rays);
  const stat = new Float64Array(n).fill(NaN);
  const h = Math.round(radSamples), map = gridMap(o.rays, M, h + 1);
  for (let q = stack; q < n - stack; q++) {
    let all = true;
    for (let m = q - stack; m <= q + stack && all; m++) all = bright(m);
    if (!all) continue;
    stackMean(lp, q - stack, q + stack, () => true, tmp);
    stat[q] = boxMeans(polarToGrid(tmp, map), 2 * map.K + 1, h)[map.K * (2 * map.K + 2)]!;
  }
  const d: number[] = [];
  for (let q = 0; q + lag < n; q++) {
    const a = stat[q]!, b = stat[q + lag]!;
    if (Number.isFinite(a) && Number.isFinite(b)) d.push(Math.abs(a - b));
  }
  if (d.length < 8) return NaN;
  d.sort((a, b) => a - b);
  return (1.4826 * d[d.length >> 1]!) / Math.SQRT2;
}

interface Blob { readonly excessHu: number; readonly plaqueHu: number; readonly massHuMm2: number; /** brightest spot anywhere in the grid, HU */ readonly peakHu: number }

/** sectors of the ring around a blob: a lumen is brighter than every one of them (plaque is a plateau in some direction) */
const RING_SECTORS = 8;

/**
 * On a stacked section (polar profile avg, on the Cartesian grid `map`): the brightest square of half-side blurMm (the
 * image of a sub-resolution lumen is the PSF) within searchMm of the centre, and the ring around it from clearMm to
 * clearMm + ringMm. The excess is the blob over the brightest sector of the ring (median of each of RING_SECTORS
 * sectors): a residual lumen stands out in every direction, while the part of a plaque farthest from the fat only
 * does toward the fat.
 * The plaque level is the ring's median, the mass the blob's excess over it within clearMm.
 */
function brightestBlob(avg: Float64Array, map: GridMap, drMm: number, searchMm: number, clearMm: number, ringMm: number, blurMm: number): Blob | null {
  const K = map.K, W = 2 * K + 1;
  const g = polarToGrid(avg, map);
  const means = boxMeans(g, W, Math.round(blurMm / drMm));
  const search = searchMm / drMm, clear = clearMm / drMm, outer = (clearMm + ringMm) / drMm;
  let best = -Infinity, bi = K, bj = K, peak = -Infinity;
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const v = means[i + j * W]!;
    peak = Math.max(peak, v);
    if ((i - K) ** 2 + (j - K) ** 2 <= search * search && v > best) { best = v; bi = i; bj = j; }
  }
  const sectors: number[][] = Array.from({ length: RING_SECTORS }, () => []);
  let mass = 0, inner = 0;
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const v = g[i + j * W]!, d2 = (i - bi) ** 2 + (j - bj) ** 2;
    if (d2 < clear * clear) { mass += v; inner++; continue; }
    if (d2 > outer * outer) continue;
    const a = Math.atan2(j - bj, i - bi) + Math.PI;
    sectors[Math.min(RING_SECTORS - 1, Math.floor((a / (2 * Math.PI)) * RING_SECTORS))]!.push(v);
  }
  const med = (v: number[]): number => { v.sort((x, y) => x - y); return v[v.length >> 1]!; };
  if (sectors.some((x) => x.length < 3)) return null;
  const brightestSector = Math.max(...sectors.map((x) => med(x.slice())));
  const bg = med(sectors.flat());
  return { excessHu: best - brightestSector, plaqueHu: bg, massHuMm2: (mass - inner * bg) * drMm * drMm, peakHu: peak };
}

/**
 * Dark sections judged against their own plaque (see the file comment): returns the profile with lumen given to
 * dark sections that show a significant blob and taken from those that do not, and which sections changed.
 */
export function judgeDarkSections(lp: LumenProfile, stepMm: number): { profile: LumenProfile; judgement: LumenlessJudgement } {
  const n = lp.samples.length, o = lp.rays, M = Math.round(o.rMaxMm / o.drMm), S = (M + 1) * o.rays;
  const none = { profile: lp, judgement: { found: [], removed: [] } };
  if (n < 8) return none;
  const sm = lp.samples;
  const half = Math.max(4, Math.round(NEARBY_MM / stepMm));
  const level = runningQuantile(sm.map((x) => x.lumenHu), (q) => sm[q]!.hasLumen, half, 0.8);
  const dark = (q: number): boolean => !sm[q]!.hasLumen || sm[q]!.lumenHu < DARK_RATIO * level[q]!;
  const bright = (q: number): boolean => sm[q]!.hasLumen && sm[q]!.lumenHu >= 0.8 * level[q]!;
  const radius = runningQuantile(sm.map((x) => x.equivalentDiameterMm / 2), bright, half, 0.5);
  const sigma = blurSigmaMm(lp, bright);
  const stack = Math.max(0, Math.round(STACK_HALF_MM / stepMm));
  // stacks compared a stack apart, and at least 1 mm (beyond the noise correlation of CCTA)
  const lag = Math.max(2 * stack + 1, Math.round(1 / stepMm));
  const noiseSd = blobNoiseSdHu(lp, bright, stack, sigma / o.drMm, lag);
  // the noise of one sample of the image: what a reader sees a lumen against
  const sampleSd = blobNoiseSdHu(lp, bright, 0, 0, lag);
  if (!Number.isFinite(sigma) || !Number.isFinite(noiseSd) || !Number.isFinite(sampleSd)) return none;
  // per dark section: blob excess over its ring in SDs of that statistic, and the lumen area its mass gives
  const ratio = new Float64Array(n).fill(NaN), massArea = new Float64Array(n).fill(NaN);
  const avg = new Float64Array(S);
  const maps = new Map<number, GridMap>();
  // the blob statistic averages the image of a sub-resolution lumen (the PSF) over its box: visibility is judged on
  // its peak, so the floor is scaled by what the box keeps of a Gaussian peak of this σ
  const boxGain = gaussianBoxGain(Math.round(sigma / o.drMm) * o.drMm, sigma, o.drMm);
  for (let q = 0; q < n; q++) {
    if (!dark(q) || !Number.isFinite(level[q]!) || !Number.isFinite(radius[q]!)) continue;
    const c = stackMean(lp, Math.max(0, q - stack), Math.min(n - 1, q + stack), dark, avg);
    // a residual lumen can lie anywhere in the healthy lumen's place (eccentric, against one wall)
    const K = Math.ceil((radius[q]! + SMALL_LUMEN_MM + 2 * sigma) / o.drMm);
    let map = maps.get(K);
    if (!map) { map = gridMap(o.rays, M, K); maps.set(K, map); }
    const blob = brightestBlob(avg, map, o.drMm, radius[q]!, SMALL_LUMEN_MM + sigma, sigma, sigma);
    if (!blob || !(level[q]! - blob.plaqueHu > 0)) continue;
    // a shorter stack (the ends of a dark run) is noisier: SD ∝ 1/√sections
    const sd = noiseSd * Math.sqrt((2 * stack + 1) / c);
    // not plaque alone, left as measured: calcium (brighter than any blurred lumen: above the lumen level), or a
    // ring brighter than the blob (a lumen larger than a sub-resolution one, or calcium, beside it)
    const area = blob.massHuMm2 / (level[q]! - blob.plaqueHu);
    if (blob.peakHu > level[q]! || blob.excessHu < -NOT_PLAQUE_Z * sd) continue;
    // a measured lumen larger than a sub-resolution one (its image is wider than the blob and its ring) stays as it is
    if (sm[q]!.hasLumen && area > Math.PI * SMALL_LUMEN_MM ** 2) continue;
    // significant against the statistic's noise, and visible: at least VISIBLE_Z sample SDs (the plaque's own
    // texture is not noise, and a reader sees a lumen against the image's grain)
    ratio[q] = blob.excessHu / Math.max(sd, (VISIBLE_Z * sampleSd * boxGain) / RUN_Z);
    massArea[q] = area;
  }
  const samples = sm.slice();
  const radii = Float32Array.from(lp.radiiMm);
  const found: number[] = [], removed: number[] = [];
  const set = (q: number, lumen: boolean, area: number): void => {
    if (lumen === sm[q]!.hasLumen) return;
    samples[q] = withArea(sm[q]!, lumen ? area : 0);
    radii.fill(lumen ? Math.sqrt(area / Math.PI) : 0, q * o.rays, (q + 1) * o.rays);
    (lumen ? found : removed).push(q);
  };
  for (let a = 0; a < n;) {
    if (!Number.isFinite(ratio[a]!)) { a++; continue; }
    let b = a;
    while (b + 1 < n && Number.isFinite(ratio[b + 1]!)) b++;
    const run = Array.from(ratio.subarray(a, b + 1)).sort((x, y) => x - y);
    const positive = Array.from(massArea.subarray(a, b + 1)).filter((v) => v > 0);
    // a lumen all along the run (its lower quartile significant): every section has one, however faint
    const throughout = run[Math.floor(0.25 * (run.length - 1))]! >= RUN_Z && positive.length > 0;
    const floor = positive.length ? Math.min(...positive) : 0;
    // the lumen profile's own lumen-less rule (centre below LUMENLESS_RATIO × the level), with the brighter of the
    // healthy levels on either side of the run: a dim refill beyond it does not lower the bar
    const edges = [level[a - 1], level[b + 1]].filter((v): v is number => v !== undefined && Number.isFinite(v));
    const edge = edges.length ? Math.max(...edges) : level[a]!;
    for (let q = a; q <= b; q++) {
      if (throughout) set(q, true, massArea[q]! > 0 ? massArea[q]! : floor);
      else if (ratio[q]! > DETECT_Z && massArea[q]! > 0) set(q, true, massArea[q]!);
      else if (!sm[q]!.hasLumen || sm[q]!.lumenHu < LUMENLESS_RATIO * edge) set(q, false, 0);
    }
    a = b + 1;
  }
  if (!found.length && !removed.length) return none;
  return { profile: { ...lp, samples, radiiMm: radii }, judgement: { found, removed } };
}

/** Mean over the box of half-side h (samples every dr) of a unit-peak Gaussian of σ centred on it. */
function gaussianBoxGain(hMm: number, sigmaMm: number, drMm: number): number {
  let acc = 0, c = 0;
  for (let x = -hMm; x <= hMm + 1e-9; x += drMm) { acc += Math.exp(-(x * x) / (2 * sigmaMm * sigmaMm)); c++; }
  return (acc / c) ** 2;
}

function withArea(x: LumenSample, areaMm2: number): LumenSample {
  const d = 2 * Math.sqrt(areaMm2 / Math.PI);
  return { ...x, areaMm2, equivalentDiameterMm: d, minDiameterMm: d, maxDiameterMm: d, hasLumen: areaMm2 > 0 };
}
