/**
 * Lumen profile along a centreline: one cross-section every step (radial rays in the plane ⟂ to the
 * curve, rotation-minimising frames), area, equivalent / min / max diameters and outer wall.
 *
 * Everything the measurement needs about the image is measured on the image itself: the healthy lumen
 * level nearby, the noise SD (centre HU differences along the vessel) and the blur σ (edge widths).
 * - Edges are refined (rays.ts): steepest fall, a dip before calcium bloomed to the lumen level, shoulders.
 * - Partial volume: a disk blurred by σ is steepest at r ≈ a − σ²/(2a), so plain-fall edges are corrected
 *   by σ²/(2r); a fall much wider than σ is lumen → plaque layer → fat and is fitted as two blurred steps.
 * - Small lumens blurred below the lumen level: where the section peak is below `pvRatio` × the nearby
 *   healthy level, the area comes from the partial-volume integral ∫ (HU − valley)/(lumen − valley) dA
 *   (blur preserves it); a faded section (peak < 0.6 × level, contour out at the outer wall: a lumen smaller
 *   than the blur inside soft plaque) is re-centred on its brightest blob and integrated around it. Beside a
 *   lumen-bright crescent (calcium blurred down to the lumen level) a faded section's lumen is the pin-hole
 *   (pinhole.ts: the round faint blob, not the flat ridge) and its area the mass of a blob + plane fit.
 * - Contours are smoothed over ±3 rays (a ray leaking through thin calcium at the end of an arc).
 */
import type { Volume } from '../volume/volume.ts';
import { arcLengths, rotationMinimisingFrames, tangents, type Frames, type P3 } from './curve.ts';
import { pinholesAlong } from './pinhole.ts';
import { outerAreaMm2 } from './contour.ts';
import { fitLumens, type UncertainReason } from './lumen-fit.ts';
import { analyseRays, centreLumenHu, DEFAULT_RAYS, sampleSections, sectionShape, type RayOptions, type RayProfiler, type Section } from './rays.ts';

export interface LumenSample {
  readonly sMm: number;
  readonly areaMm2: number;
  readonly equivalentDiameterMm: number;
  readonly minDiameterMm: number;
  readonly maxDiameterMm: number;
  /** HU at the lumen centre */
  readonly lumenHu: number;
  /** outer vessel area, mm² (NaN where the outer wall is not measurable) */
  readonly outerAreaMm2: number;
  /** false where no lumen was found (occlusion, no contrast) */
  readonly hasLumen: boolean;
  /** fraction of rays that stopped on calcium */
  readonly calcifiedFraction: number;
  /** sections measured by the forward model: its residual SD over the measured noise SD */
  readonly fitResidualRatio?: number;
  /** the image does not hold this section's lumen figure (forward model), and why */
  readonly uncertain?: UncertainReason;
}

export interface LumenProfile {
  readonly samples: LumenSample[];
  readonly frames: Frames;
  readonly rays: RayOptions;
  /** per-section cleaned lumen radii (rays × sections), for plaque and display */
  readonly radiiMm: Float32Array;
  /** per-section outer radii (NaN where not measurable) */
  readonly outerMm: Float32Array;
  /** per-section smoothed ray profiles (rays × (rMax/dr + 1)), HU */
  readonly profiles: readonly Float64Array[];
  /**
   * per-section centre of the rays in the (n, b) plane, mm (2 per section; 0, 0 on the centreline): calcified
   * sections are measured about their lumen centroid
   */
  readonly centreOffsetsMm: Float32Array;
}

export interface LumenOptions {
  readonly rays?: RayOptions;
  /** a section whose peak is below pvRatio × the local healthy level is measured by integration */
  readonly pvRatio?: number;
  /** ray sampler (default: the TS reference kernel) */
  readonly profiler?: RayProfiler;
  /**
   * re-measure flagged sections (calcium, no lumen, narrowed) by the forward model (lumen-fit.ts). Off by
   * default: on the randomized accuracy set it still costs ≈ 10× the measure time and adds false lesions.
   */
  readonly forwardModel?: boolean;
}

/**
 * Running quantile (fraction `at` of the sorted finite values in a ±halfWindow window): the window is kept
 * sorted as it slides (binary-search insert and remove) instead of sorted anew at every section.
 */
function runningQuantile(values: Float64Array, halfWindow: number, at: number): Float64Array {
  const N = values.length;
  const out = new Float64Array(N);
  const w = new Float64Array(2 * halfWindow + 1);
  let n = 0;
  const lowerBound = (x: number): number => {
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (w[mid]! < x) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const add = (x: number): void => { if (!Number.isFinite(x)) return; const k = lowerBound(x); w.copyWithin(k + 1, k, n); w[k] = x; n++; };
  const remove = (x: number): void => { if (!Number.isFinite(x)) return; const k = lowerBound(x); w.copyWithin(k, k + 1, n); n--; };
  for (let m = 0; m <= Math.min(N - 1, halfWindow); m++) add(values[m]!);
  for (let q = 0; q < N; q++) {
    if (q > 0) {
      if (q - halfWindow - 1 >= 0) remove(values[q - halfWindow - 1]!);
      if (q + halfWindow < N) add(values[q + halfWindow]!);
    }
    out[q] = n ? w[at === 0.5 ? n >> 1 : Math.floor(at * (n - 1))]! : NaN;
  }
  return out;
}
const runningMedian = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.5);
const runningUpperLevel = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.8);

/**
 * Partial-volume correction of plain-fall edges. A disk of radius a blurred by a Gaussian σ is steepest at
 * r ≈ a − σ²/(2a) (a ≳ 2σ): small lumens read small. σ is the vessel's median of the sections' own edge
 * widths (steepest slope vs step height), never an imaging parameter; below 2σ the correction fades out
 * (those lumens are faded and measured by their partial-volume integral).
 */
const WIDE_FALL = 1.25;
function correctBlur(secs: Section[], o: RayOptions, profs?: readonly Float64Array[]): void {
  const rays = o.rays, M = Math.round(o.rMaxMm / o.drMm);
  const sig = Float64Array.from(secs, (x) => x.edgeSigmaMm ?? NaN).filter((v) => Number.isFinite(v)).sort();
  if (sig.length < 8) return;
  const sigma = sig[sig.length >> 1]!;
  for (let k = 0; k < secs.length; k++) {
    const sec = secs[k]!;
    if (!sec.fallEdge) continue;
    for (let q = 0; q < rays; q++) {
      const r = sec.radiiMm[q]!, sr = sec.edgeSigmasMm?.[q] ?? NaN;
      // a fall much wider than the image blur is lumen → plaque layer → fat: its steepest point already
      // lies outside the lumen edge
      if (!sec.fallEdge[q] || !(r > 0)) continue;
      if (!(sr <= WIDE_FALL * sigma)) {
        if (profs) sec.radiiMm[q] = twoStepEdge(profs[k]!, q * (M + 1), o.drMm, sec.lumenHu, sec.valleyHu[q]!, sec.valleyMm[q]!, sigma, r);
        continue;
      }
      const w = Math.min(1, Math.max(0, r / sigma - 1));
      sec.radiiMm[q] = r + (w * sigma * sigma) / (2 * r);
    }
  }
}

/** standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7) */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
}

/**
 * A fall wider than the blur: lumen (L) → a layer of unknown level P (plaque) → valley (F), two steps at a ≤ b
 * blurred by the measured σ. Least squares over a grid of (a every 0.05 mm, b every 0.1 mm), P solved in
 * closed form within [F, L];
 * returns the lumen edge a (the steepest point `r0` when nothing fits better).
 */
function twoStepEdge(prof: Float64Array, base: number, dr: number, L: number, F: number, valleyMm: number, sigma: number, r0: number): number {
  const m0 = Math.max(0, Math.round((r0 - 0.9) / dr)), m1 = Math.round(Math.min(valleyMm, r0 + 1.3) / dr);
  if (!(L - F > 60) || m1 - m0 < 6) return r0;
  // Φ((x − r)/σ) on the 0.05 mm grid of x − r (a, b step 0.05 mm; samples every dr, a multiple of it)
  const h = 0.05, K = Math.ceil(4 * sigma / h) + 1, step = Math.round(dr / h);
  if (Math.abs(step * h - dr) > 1e-9) return r0;
  const tab = new Float64Array(2 * K + 1);
  for (let k = -K; k <= K; k++) tab[k + K] = phi((k * h) / sigma);
  let best = Infinity, bestA = r0;
  const ia0 = Math.max(1, Math.round((r0 - 0.7) / h)), ia1 = Math.round((r0 + 0.05) / h);
  for (let ia = ia0; ia <= ia1; ia++) {
    for (let ib = ia; ib <= ia + Math.round(1.2 / h); ib += 2) {
      let syy = 0, syd = 0, sdd = 0;
      for (let m = m0; m <= m1; m++) {
        const ka = ia - m * step, kb = ib - m * step;
        const A = ka <= -K ? 0 : ka >= K ? 1 : tab[ka + K]!, B = kb <= -K ? 0 : kb >= K ? 1 : tab[kb + K]!;
        const y = prof[base + m]! - F * (1 - B) - L * A, dd = B - A;
        syy += y * y; syd += y * dd; sdd += dd * dd;
      }
      const P = Math.min(L, Math.max(F, sdd > 1e-9 ? syd / sdd : F));
      const sse = syy - 2 * P * syd + P * P * sdd;
      if (sse < best) { best = sse; bestA = ia * h; }
    }
  }
  return bestA;
}

/**
 * Image noise SD from the data: the HU at the section centres differs between sections `lag` apart (≈ 1 mm,
 * beyond the noise correlation) by noise mostly; robust (MAD) so lesions and calcium do not count.
 */
function centreNoiseSd(profs: readonly Float64Array[], lag: number): number {
  const n = profs.length - lag;
  if (n < 8) return NaN;
  const d = new Float64Array(n);
  for (let q = 0; q < n; q++) d[q] = Math.abs(profs[q + lag]![0]! - profs[q]![0]!);
  d.sort();
  return (1.4826 * d[n >> 1]!) / Math.SQRT2;
}

/**
 * Partial-volume area: Σ over rays Δθ ∫ r·clamp((p − bg)/(lumen − bg)) dr up to 0.8 mm beyond the
 * half-maximum edge, bg = mean HU 0.8–1.4 mm beyond it. Rays stopped on calcium keep their edge.
 */
const PV_LIMIT_MM = 0.5;
/** sections wider than this (half-maximum) are not faded by the blur */
const PV_MAX_DIAMETER_MM = 2.2;
function integratedArea(profiles: Float64Array, sec: Section, o: RayOptions, lumenHu: number): number {
  const M = Math.round(o.rMaxMm / o.drMm);
  const dth = (2 * Math.PI) / o.rays;
  const dr = o.drMm;
  let area = 0;
  for (let q = 0; q < o.rays; q++) {
    const edge = sec.radiiMm[q]!;
    if (!Number.isFinite(edge)) continue;
    if (sec.calcified[q]) { area += 0.5 * edge * edge * dth; continue; }
    const mA = Math.min(M, Math.round((edge + PV_LIMIT_MM) / dr)), mB = Math.min(M, Math.round((edge + PV_LIMIT_MM + 0.4) / dr));
    let bg = 0, cnt = 0;
    for (let m = mA; m <= mB; m++) { bg += profiles[q * (M + 1) + m]!; cnt++; }
    bg = cnt ? bg / cnt : 0;
    if (!(lumenHu - bg > 60)) { area += 0.5 * edge * edge * dth; continue; }
    let acc = 0;
    for (let m = 0; m <= mA; m++) {
      const w = Math.min(1, Math.max(0, (profiles[q * (M + 1) + m]! - bg) / (lumenHu - bg)));
      acc += m * dr * w * dr;
    }
    area += acc * dth;
  }
  return area;
}

/**
 * a section centre below this fraction of the lumen level within 1 mm is off the lumen plateau (noise moves a plateau
 * sample by ≈ 10 % of the level: 3 SD of 25 HU on 300–500 HU)
 */
const OFF_LUMEN_RATIO = 0.7;
/** a faded section's centre is below this fraction of the healthy lumen level nearby */
const FADED_RATIO = 0.6;
/** pin-holes are searched on grids averaged over ±this many faded sections (±1 mm at 0.25 mm: noise) */
const PINHOLE_HALF_SECTIONS = 4;
/** a section whose centre is below this fraction of it has no lumen */
const LUMENLESS_RATIO = 0.2;
/** search radius for the faded lumen's blob and radius of its partial-volume integral, mm */
const FADED_SEARCH_MM = 1.0;
const FADED_INTEGRAL_MM = 1.2;
/** surroundings of the faded blob (background level: plaque around a small lumen), mm */
const FADED_BG_MM: readonly [number, number] = [1.2, 1.6];

/**
 * Faded sections: the centre is well below the healthy lumen level (not lumen-less, no calcium). Beside a
 * lumen-bright crescent the lumen is its pin-hole (pinhole.ts, grids averaged over ±1 mm of faded sections) and
 * its area the fitted blob's mass over (lumen level − background). Otherwise, where the half-maximum contour is
 * not a small lumen (it runs out to the outer wall: a lumen smaller than the blur inside soft plaque), the lumen
 * is the brightest blob within FADED_SEARCH_MM (the centreline can miss a tiny lumen); its area is the
 * partial-volume integral ∫ (HU − bg) dA / (lumen level − bg) around it, which blur preserves, bg the median
 * HU of the ring just outside. Returns section → area (mm²); the rays are re-sampled about the blob.
 */
function fadedAreas(
  volume: Volume, pts: readonly P3[], frames: Frames, profs: Float64Array[], secs: Section[], level: Float64Array,
  o: RayOptions, offsets: Float32Array, profiler: RayProfiler | undefined, noiseSdHu: number, pinholes: Set<number>,
): Map<number, number> {
  const out = new Map<number, number>();
  const M = Math.round(o.rMaxMm / o.drMm);
  // candidates: centre below the faded ratio (not lumen-less, no calcium); the pin-hole search takes any, the
  // brightest-blob fallback only those whose half-maximum contour runs out to the outer wall
  const faded: number[] = [];
  const wideContour = new Set<number>();
  secs.forEach((sec, q) => {
    if (!(sec.lumenHu < FADED_RATIO * level[q]!) || !(sec.lumenHu > LUMENLESS_RATIO * level[q]!) || sec.calcified.some((c) => c === 1)) return;
    faded.push(q);
    const sh = sectionShape(sec, o.rays, { smooth: true });
    if (sh.boundedFraction >= 0.5 && 2 * Math.sqrt(sh.areaMm2 / Math.PI) >= PV_MAX_DIAMETER_MM) wideContour.add(q);
  });
  if (!faded.length) return out;
  const at = (q: number, u: number, v: number): P3 => inPlane(pts, frames, q, u, v);
  // the pin-hole: a round faint blob beside (not on) a bright crescent, on grids averaged over neighbouring faded sections
  const pin = pinholesAlong(volume, faded, faded.map((q) => at(q, offsets[2 * q]!, offsets[2 * q + 1]!)), faded.map((q) => frames.n[q]!), faded.map((q) => frames.b[q]!), (q) => level[q]!, noiseSdHu, PINHOLE_HALF_SECTIONS, profiler);
  const idx: number[] = [], centres: P3[] = [];
  faded.forEach((q, k) => {
    const ph = pin[k];
    let bu: number, bv: number;
    if (ph) {
      bu = ph.u; bv = ph.v;
      out.set(q, Math.max(0, ph.massHuMm2 / (level[q]! - ph.backgroundHu)));
      pinholes.add(q);
    } else if (wideContour.has(q)) [bu, bv] = brightestBlob(profs[q]!, o, M);
    else return;
    const u = bu + offsets[2 * q]!, v = bv + offsets[2 * q + 1]!;
    offsets[2 * q] = u; offsets[2 * q + 1] = v;
    idx.push(q);
    centres.push(at(q, u, v));
  });
  const again = sampleSections(volume, centres, idx.map((q) => frames.n[q]!), idx.map((q) => frames.b[q]!), o, profiler);
  const dth = (2 * Math.PI) / o.rays;
  const m1 = Math.round(FADED_INTEGRAL_MM / o.drMm), b0 = Math.round(FADED_BG_MM[0] / o.drMm), b1 = Math.min(M, Math.round(FADED_BG_MM[1] / o.drMm));
  idx.forEach((q, k) => {
    const prof = again[k]!;
    profs[q] = prof;
    if (out.has(q)) return;
    const ring = new Float64Array(o.rays * (b1 - b0 + 1));
    let nr = 0;
    for (let r = 0; r < o.rays; r++) for (let m = b0; m <= b1; m++) ring[nr++] = prof[r * (M + 1) + m]!;
    const bg = ring.subarray(0, nr).sort()[nr >> 1]!;
    const L = level[q]!;
    if (!(L - bg > 60)) return;
    let mass = 0;
    for (let r = 0; r < o.rays; r++) for (let m = 1; m <= m1; m++) mass += (prof[r * (M + 1) + m]! - bg) * m * o.drMm * o.drMm * dth;
    out.set(q, Math.max(0, mass / (L - bg)));
  });
  return out;
}

/** Brightest blob of a section within FADED_SEARCH_MM (mean over ±1 ray and ±2 samples): its (u, v), mm. */
function brightestBlob(prof: Float64Array, o: RayOptions, M: number): [number, number] {
  let best = -Infinity, bu = 0, bv = 0;
  for (let r = 0; r < o.rays; r++) {
    for (let m = 0; m * o.drMm <= FADED_SEARCH_MM; m++) {
      let acc = 0, c = 0;
      for (let dr = -1; dr <= 1; dr++) for (let dm = Math.max(0, m - 2); dm <= Math.min(M, m + 2); dm++) { acc += prof[((r + dr + o.rays) % o.rays) * (M + 1) + dm]!; c++; }
      if (acc / c > best) { best = acc / c; const th = (2 * Math.PI * r) / o.rays; bu = m * o.drMm * Math.cos(th); bv = m * o.drMm * Math.sin(th); }
    }
  }
  return [bu, bv];
}

/** The point at in-plane offset (u along n, v along b, mm) of section q. */
function inPlane(pts: readonly P3[], frames: Frames, q: number, u: number, v: number): P3 {
  const c = pts[q]!, n = frames.n[q]!, b = frames.b[q]!;
  return [c[0] + u * n[0] + v * b[0], c[1] + u * n[1] + v * b[1], c[2] + u * n[2] + v * b[2]];
}

/**
 * Per section, the in-plane offset (mm, 2 per section; 0, 0 to keep the centreline's point) about which it is
 * measured again:
 * - a calcium-aware contour off-centre (the centreline was centred on lumen + bloomed calcium): its centroid;
 * - a centre outside a lumen that is bright within 1 mm of it (the centreline beside the residual lumen of a
 *   stenosis): the centre is off the lumen plateau and rays starting there end at or near it; the brightest blob
 *   within FADED_SEARCH_MM.
 */
function sectionOffsets(secs: readonly Section[], profs: readonly Float64Array[], refHu: Float64Array, o: RayOptions): Float64Array {
  const out = new Float64Array(2 * secs.length);
  const M = Math.round(o.rMaxMm / o.drMm);
  secs.forEach((sec, q) => {
    let u = 0, v = 0;
    if (sec.calcified.some((c) => c === 1)) {
      const sh = sectionShape(sec, o.rays);
      const d = Math.hypot(sh.centroid[0], sh.centroid[1]);
      if (sh.boundedFraction >= 0.5 && d >= 0.1 && d <= 1.5) [u, v] = sh.centroid;
    }
    if (u === 0 && v === 0 && sec.lumenHu >= FADED_RATIO * refHu[q]! && profs[q]![0]! < OFF_LUMEN_RATIO * sec.lumenHu) {
      const [bu, bv] = brightestBlob(profs[q]!, o, M);
      if (Math.hypot(bu, bv) >= 0.1) [u, v] = [bu, bv];
    }
    out[2 * q] = u; out[2 * q + 1] = v;
  });
  return out;
}

export function lumenProfile(volume: Volume, pointsLps: readonly P3[], opts: LumenOptions = {}): LumenProfile {
  const o = opts.rays ?? DEFAULT_RAYS;
  const pvRatio = opts.pvRatio ?? 0.85;
  const pts = pointsLps as P3[];
  const frames = rotationMinimisingFrames(pts, tangents(pts, 2));
  const s = arcLengths(pts);
  const nSec = pts.length;
  const profs = sampleSections(volume, pts, frames.n, frames.b, o, opts.profiler);
  // healthy lumen level nearby (running median over ±15 mm): calcium blooms the centre of calcified
  // sections above it, and calcium is whatever rises well above it
  const stepGuess = nSec > 1 ? s[nSec - 1]! / (nSec - 1) : 0.25;
  const refHu = runningMedian(Float64Array.from(profs, (prof) => centreLumenHu(prof, o)), Math.max(4, Math.round(15 / (stepGuess || 0.25))));
  const noiseSdHu = centreNoiseSd(profs, Math.max(2, Math.round(1 / (stepGuess || 0.25))));
  const secs: Section[] = profs.map((prof, q) => analyseRays(prof, o, { referenceLumenHu: refHu[q]!, noiseSdHu, refinedEdges: true }));
  const offsets = sectionOffsets(secs, profs, refHu, o);
  const centreOffsetsMm = Float32Array.from(offsets);
  const redo: number[] = [];
  const shifted: P3[] = [];
  for (let q = 0; q < nSec; q++) {
    const u = offsets[2 * q]!, v = offsets[2 * q + 1]!;
    if (u !== 0 || v !== 0) { redo.push(q); shifted.push(inPlane(pts, frames, q, u, v)); }
  }
  if (redo.length) {
    const again = sampleSections(volume, shifted, redo.map((q) => frames.n[q]!), redo.map((q) => frames.b[q]!), o, opts.profiler);
    redo.forEach((q, m) => { profs[q] = again[m]!; secs[q] = analyseRays(again[m]!, o, { referenceLumenHu: refHu[q]!, noiseSdHu, refinedEdges: true }); });
  }
  correctBlur(secs, o, profs);
  const step = nSec > 1 ? s[nSec - 1]! / (nSec - 1) : 0.25;
  const level = runningUpperLevel(Float64Array.from(secs, (x) => x.lumenHu), Math.max(4, Math.round(10 / (step || 0.25))));
  const pinholes = new Set<number>();
  const faded = fadedAreas(volume, pts, frames, profs, secs, level, o, centreOffsetsMm, opts.profiler, noiseSdHu, pinholes);
  const radii = new Float32Array(nSec * o.rays);
  const outer = new Float32Array(nSec * o.rays);
  const samples: LumenSample[] = secs.map((sec, q) => {
    const ref = level[q]!;
    const sh = sectionShape(sec, o.rays, { smooth: true });
    let area = sh.areaMm2, dmin = sh.minDiameterMm, dmax = sh.maxDiameterMm;
    // bright but mostly unbounded: a chamber-sized lumen (aortic ostium, bifurcation carina) — wide
    const wide = sh.boundedFraction < 0.5 && sec.lumenHu >= 0.6 * ref;
    if (wide) { area = Math.PI * o.rMaxMm * o.rMaxMm; dmin = 2 * o.rMaxMm; dmax = 2 * o.rMaxMm; }
    const fa = faded.get(q);
    let hasLumen = wide || fa !== undefined || (sh.boundedFraction >= 0.5 && sec.lumenHu > LUMENLESS_RATIO * ref);
    if (fa !== undefined) {
      const k = area > 0 ? Math.sqrt(fa / area) : 0;
      area = fa; dmin *= k; dmax *= k;
      hasLumen = area >= 0.05;
    } else if (hasLumen && !wide && sec.lumenHu < pvRatio * ref && 2 * Math.sqrt(area / Math.PI) < PV_MAX_DIAMETER_MM) {
      const a2 = integratedArea(profs[q]!, sec, o, ref);
      const k = area > 0 ? Math.sqrt(a2 / area) : 0;
      area = a2; dmin *= k; dmax *= k;
      if (area < 0.05) hasLumen = false;
    }
    if (!hasLumen) { area = 0; dmin = 0; dmax = 0; }
    for (let r = 0; r < o.rays; r++) {
      // a faded section's rays were re-sampled about its blob: a round contour of its area there
      radii[q * o.rays + r] = !hasLumen ? 0 : fa !== undefined ? Math.sqrt(area / Math.PI) : sh.radiiMm[r]!;
      outer[q * o.rays + r] = sec.outerMm[r]!;
    }
    const calc = sec.calcified.reduce((a, b) => a + b, 0) / o.rays;
    return {
      sMm: s[q]!, areaMm2: area, equivalentDiameterMm: 2 * Math.sqrt(area / Math.PI), minDiameterMm: dmin, maxDiameterMm: dmax,
      lumenHu: sec.lumenHu, outerAreaMm2: outerAreaMm2(sec.outerMm), hasLumen, calcifiedFraction: calc,
    };
  });
  const fitted = !opts.forwardModel ? samples : applyForwardModel(volume, pts, frames, secs, profs, samples, level, o, centreOffsetsMm, noiseSdHu, radii, opts.profiler, pinholes);
  return { samples: fitted, frames, rays: o, radiiMm: radii, outerMm: outer, profiles: profs, centreOffsetsMm };
}

/**
 * Sections with calcium, without a lumen or narrowed: the lumen is the forward model's (lumen-fit.ts) —
 * area, presence, residual and uncertainty; contours are scaled to its area (round where the rays had none).
 */
function applyForwardModel(
  volume: Volume, pts: readonly P3[], frames: Frames, secs: Section[], profs: readonly Float64Array[], samples: LumenSample[], level: Float64Array, o: RayOptions,
  offsets: Float32Array, noiseSdHu: number, radii: Float32Array, profiler: RayProfiler | undefined, pinholes: ReadonlySet<number>,
): LumenSample[] {
  const step = samples.length > 1 ? (samples[samples.length - 1]!.sMm - samples[0]!.sMm) / (samples.length - 1) : 0.25;
  const radiusMm = Float64Array.from(samples, (x) => (x.hasLumen && x.equivalentDiameterMm < 2 * o.rMaxMm ? x.equivalentDiameterMm / 2 : x.hasLumen ? NaN : 0));
  const healthy = runningUpperLevel(radiusMm.map((r) => (r > 0 ? r : NaN)), Math.max(4, Math.round(10 / (step || 0.25))));
  const fits = fitLumens({ volume, pts, frames, secs, rays: o, offsetsMm: offsets, radiusMm, levelHu: level, healthyRadiusMm: healthy, noiseSdHu, profiles: profs, profiler });
  if (!fits.size) return samples;
  return samples.map((x, q) => {
    const f = fits.get(q);
    // a pin-hole beside a crescent blurred (cardiac motion) to the lumen level is outside this model: its
    // partial-volume mass stands
    if (!f || pinholes.has(q)) return x;
    // the fit replaces the rays' lumen where it holds (residual near the noise) and sees a lumen; where it does
    // not hold, the rays' figure stays, marked uncertain; where it sees none, the rays' lumen (if any) stays
    // beside calcium the model's core (a half-maximum, then deconvolved) is not yet exact enough to re-measure a
    // lumen the rays found: there the fit only finds a lumen the rays missed, and says when the image is uncertain
    // A section is uncertain only where the rays saw no lumen and the fit decides one: where the rays saw one,
    // a weak or poorly fitting model does not unmake it.
    const holds = f.uncertain !== 'fit-residual' && !(f.fit.calciumAreaMm2 > 0 && x.hasLumen);
    const flag = !x.hasLumen && f.uncertain ? { uncertain: f.uncertain } : {};
    if (!holds || (!f.hasLumen && x.hasLumen)) return { ...x, fitResidualRatio: f.residualRatio, ...flag };
    const area = f.hasLumen ? f.fit.areaMm2 : 0;
    const k = x.areaMm2 > 0 ? Math.sqrt(area / x.areaMm2) : 0;
    for (let r = 0; r < o.rays; r++) radii[q * o.rays + r] = k > 0 ? radii[q * o.rays + r]! * k : Math.sqrt(area / Math.PI);
    const d = 2 * Math.sqrt(area / Math.PI);
    return {
      ...x, areaMm2: area, equivalentDiameterMm: d, minDiameterMm: k > 0 ? x.minDiameterMm * k : d, maxDiameterMm: k > 0 ? x.maxDiameterMm * k : d,
      hasLumen: f.hasLumen, fitResidualRatio: f.residualRatio, ...flag,
    };
  });
}
