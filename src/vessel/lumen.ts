/**
 * Lumen profile along a centreline: one cross-section every step (radial rays in the plane ⟂ to the
 * curve, rotation-minimising frames), area, equivalent / min / max diameters and outer wall.
 *
 * Small lumens (severe stenosis, distal vessels) are blurred below the lumen level, so a half-maximum
 * of their own faded peak overestimates them: where the section peak is below `pvRatio` × the
 * nearby healthy lumen level, the area comes from the partial-volume integral
 * ∫ (HU − valley)/(lumen − valley) dA instead (blur preserves that integral).
 */
import type { Volume } from '../volume/volume.ts';
import { arcLengths, rotationMinimisingFrames, tangents, type Frames, type P3 } from './curve.ts';
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
}

export interface LumenOptions {
  readonly rays?: RayOptions;
  /** a section whose peak is below pvRatio × the local healthy level is measured by integration */
  readonly pvRatio?: number;
  /** ray sampler (default: the TS reference kernel) */
  readonly profiler?: RayProfiler;
}

/** Running quantile (fraction `at` of the sorted finite values in a ±halfWindow window). */
function runningQuantile(values: Float64Array, halfWindow: number, at: number): Float64Array {
  const out = new Float64Array(values.length);
  const w = new Float64Array(2 * halfWindow + 1);
  for (let q = 0; q < values.length; q++) {
    let n = 0;
    for (let m = Math.max(0, q - halfWindow); m <= Math.min(values.length - 1, q + halfWindow); m++) if (Number.isFinite(values[m]!)) w[n++] = values[m]!;
    const sorted = w.subarray(0, n).sort();
    out[q] = n ? sorted[at === 0.5 ? n >> 1 : Math.floor(at * (n - 1))]! : NaN;
  }
  return out;
}
const runningMedian = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.5);
const runningUpperLevel = (values: Float64Array, halfWindow: number): Float64Array => runningQuantile(values, halfWindow, 0.8);

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
  const secs: Section[] = profs.map((prof, q) => analyseRays(prof, o, { referenceLumenHu: refHu[q]! }));
  // sections whose calcium-aware contour is off-centre (the centreline was centred on lumen + bloomed
  // calcium): measure again about the contour centroid
  const redo: number[] = [];
  const shifted: P3[] = [];
  secs.forEach((sec, q) => {
    if (!sec.calcified.some((c) => c === 1)) return;
    const sh = sectionShape(sec, o.rays);
    const [u, v] = sh.centroid;
    if (sh.boundedFraction < 0.5 || Math.hypot(u, v) < 0.1 || Math.hypot(u, v) > 1.5) return;
    const c = pts[q]!, n = frames.n[q]!, b = frames.b[q]!;
    redo.push(q);
    shifted.push([c[0] + u * n[0] + v * b[0], c[1] + u * n[1] + v * b[1], c[2] + u * n[2] + v * b[2]]);
  });
  if (redo.length) {
    const again = sampleSections(volume, shifted, redo.map((q) => frames.n[q]!), redo.map((q) => frames.b[q]!), o, opts.profiler);
    redo.forEach((q, m) => { profs[q] = again[m]!; secs[q] = analyseRays(again[m]!, o, { referenceLumenHu: refHu[q]! }); });
  }
  const step = nSec > 1 ? s[nSec - 1]! / (nSec - 1) : 0.25;
  const level = runningUpperLevel(Float64Array.from(secs, (x) => x.lumenHu), Math.max(4, Math.round(10 / (step || 0.25))));
  const radii = new Float32Array(nSec * o.rays);
  const outer = new Float32Array(nSec * o.rays);
  const samples: LumenSample[] = secs.map((sec, q) => {
    const ref = level[q]!;
    const sh = sectionShape(sec, o.rays);
    let area = sh.areaMm2, dmin = sh.minDiameterMm, dmax = sh.maxDiameterMm;
    // bright but mostly unbounded: a chamber-sized lumen (aortic ostium, bifurcation carina) — wide
    const wide = sh.boundedFraction < 0.5 && sec.lumenHu >= 0.6 * ref;
    if (wide) { area = Math.PI * o.rMaxMm * o.rMaxMm; dmin = 2 * o.rMaxMm; dmax = 2 * o.rMaxMm; }
    let hasLumen = wide || (sh.boundedFraction >= 0.5 && sec.lumenHu > 0.2 * ref);
    if (hasLumen && !wide && sec.lumenHu < pvRatio * ref && 2 * Math.sqrt(area / Math.PI) < PV_MAX_DIAMETER_MM) {
      const a2 = integratedArea(profs[q]!, sec, o, ref);
      const k = area > 0 ? Math.sqrt(a2 / area) : 0;
      area = a2; dmin *= k; dmax *= k;
      if (area < 0.05) hasLumen = false;
    }
    if (!hasLumen) { area = 0; dmin = 0; dmax = 0; }
    let outerArea = 0, outerCount = 0;
    for (let r = 0; r < o.rays; r++) {
      radii[q * o.rays + r] = hasLumen ? sh.radiiMm[r]! : 0;
      const om = sec.outerMm[r]!;
      outer[q * o.rays + r] = om;
      if (Number.isFinite(om)) { outerArea += 0.5 * om * om * ((2 * Math.PI) / o.rays); outerCount++; }
    }
    const calc = sec.calcified.reduce((a, b) => a + b, 0) / o.rays;
    return {
      sMm: s[q]!, areaMm2: area, equivalentDiameterMm: 2 * Math.sqrt(area / Math.PI), minDiameterMm: dmin, maxDiameterMm: dmax,
      lumenHu: sec.lumenHu, outerAreaMm2: outerCount >= 0.75 * o.rays ? (outerArea * o.rays) / outerCount : NaN, hasLumen, calcifiedFraction: calc,
    };
  });
  return { samples, frames, rays: o, radiiMm: radii, outerMm: outer, profiles: profs };
}
