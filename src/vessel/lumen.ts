/**
 * Lumen profile along a centreline: one cross-section every step (radial rays in the plane ⟂ to the
 * curve, rotation-minimising frames), area, equivalent / min / max diameters and outer wall.
 *
 * Everything the measurement needs about the image is measured on the image itself: the healthy lumen
 * level nearby, the noise SD (centre HU differences along the vessel) and the blur σ (edge widths).
 * - Edges are refined (rays.ts): steepest fall, a dip before calcium bloomed to the lumen level, shoulders; the
 *   step is taken from the lumen to the soft tissue it meets (wall, plaque), not to the fat behind a thin wall.
 * - A section whose centre is off the lumen plateau (the centreline beside an eccentric residual lumen, or in
 *   the middle of a calcified ring) is measured about the lumen plateau found beside it (lumen-seed.ts); a centre in
 *   the bloom of a calcified ring (above the calcium threshold) about the centre of the ring's ridge circle.
 * - A lumen the blur cannot show beside calcium (its centre lifted above the calcium threshold by the ring, narrower
 *   than 4σ) is marked uncertain ('below-resolution', ray-calcium.ts calciumHidesLumen): its figure is not assessable.
 * - Partial volume: a disk blurred by σ is steepest at r ≈ a − σ²/(2a), so plain-fall edges are corrected
 *   by σ²/(2r); a fall much wider than σ is lumen → plaque layer → fat and is fitted as two blurred steps. With
 *   `diskEdges`, plain falls are a blurred lumen disk inside a layer, fitted per ray with the vessel's σ fitted
 *   jointly over its falls (lumen-blur.ts, lumen-disk.ts): neither the wall's step to the fat nor the disk's
 *   curvature moves the edge (faded and calcified sections keep the first edges); and narrowed lumens the blur fades
 *   below the lumen level (no calcium, no pin-hole) are fitted by the same model in the section plane
 *   (lumen-small.ts): a disk at the lumen level of the vessel's wide sections, blurred by the same σ, over a smooth
 *   background, so that reference and minimal lumen come from one model of the image; a section the disk does not
 *   explain (residual above twice the noise) keeps its first figure, marked uncertain ('fit-residual').
 * - Small lumens blurred below the lumen level: where the section peak is below `pvRatio` × the nearby
 *   healthy level, the area comes from the partial-volume integral ∫ (HU − valley)/(lumen − valley) dA
 *   (blur preserves it; lumen-faded.ts); a faded section (peak < 0.6 × level, contour out at the outer wall: a lumen smaller
 *   than the blur inside soft plaque) is re-centred on its brightest blob and integrated around it. Beside a
 *   lumen-bright crescent (calcium blurred down to the lumen level) a faded section's lumen is the pin-hole
 *   (pinhole.ts: the round faint blob, not the flat ridge) and its area the mass of a blob + plane fit.
 * - Contours are smoothed over ±3 rays (a ray leaking through thin calcium at the end of an arc).
 */
import type { Volume } from '../volume/volume.ts';
import { arcLengths, rotationMinimisingFrames, tangents, type Frames } from './curve.ts';
import type { Lps } from '../volume/volume.ts';
import { sampleGrids } from './pinhole.ts';
import { fadedAreas, FADED_RATIO, inPlane, integratedArea, LUMENLESS_RATIO, PV_MAX_DIAMETER_MM } from './lumen-faded.ts';
import { outerAreaMm2 } from './contour.ts';
import { fitLumens, RESIDUAL_RATIO_MAX, type UncertainReason } from './lumen-fit.ts';
import { correctBlur, type DiskModel } from './lumen-blur.ts';
import { contrastCentres, finiteSorted, medianFinite, runningMedian, runningUpperLevel } from './running-levels.ts';
import { narrowedLumens } from './lumen-small.ts';
import { lumenSeed, ringLumenCentre, SEED_SEARCH_MM, type LumenSeed } from './lumen-seed.ts';
import { calciumHidesLumen, calciumRiseHu } from './ray-calcium.ts';
import { analyseRays, centreLumenHu, DEFAULT_RAYS, sampleSections, sectionShape, TISSUE_HU, type RayOptions, type RayProfiler, type Section } from './rays.ts';

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
  /** sections measured by a forward model (lumen-fit.ts, or the narrowed-lumen disk of lumen-small.ts): its residual SD over the measured noise SD */
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
  /**
   * plain falls' edges by the blurred lumen-disk model with the vessel's jointly fitted σ (lumen-blur.ts, lumen-disk.ts),
   * and faded narrowed lumens by the same disk in the section plane (lumen-small.ts): healthy lumens read at their size
   * (the first edges read 3–20 % wide) and faded ones too. Off by default: calcified sections keep the first edges and
   * the calcium shell fit, whose minimal lumen reads wide against this reference (mild calcified lesions of the training
   * studies then fall under 25 %), and a reference read at its size splits some long diffuse lesions.
   */
  readonly diskEdges?: boolean;
  /**
   * calcified rings (calcium on ≥ half the rays, centred on the section's centre) by the shell fit with the blood level
   * known and σ settled on the calcium (lumen-blur.ts, calcium-shell.ts), so that a non-stenotic ring on a small vessel
   * does not read its lumen inside the bloom (a free lumen level takes the ring's blur for brighter blood). Default: on (a ring seen from off its centre, and a section whose rays mostly
   * start in calcium, keep the rays' edges).
   */
  readonly ringShell?: boolean;
  /**
   * calcium under the rays' threshold (thin or faint calcium blurred to just above the lumen level) explained as its own
   * component on plain rays, with the blood level of the healthy sections nearby and the disk model's σ
   * (lumen-blur.ts, calcium-hidden.ts): the lumen edge is where the blood ends under the calcium, not the bloom's outer
   * flank. Default: on with `diskEdges` (the calcium then read at its true lumen against a reference read at its size).
   */
  readonly hiddenCalcium?: boolean;
}

/**
 * Image noise SD from the data: the HU at the section centres differs between sections `lag` apart (≈ 1 mm,
 * beyond the noise correlation) by noise mostly; robust (MAD) so lesions and calcium do not count. `use`: the sections
 * that may take part (both of a pair).
 */
export function centreNoiseSd(profs: readonly Float64Array[], lag: number, use: (q: number) => boolean = () => true): number {
  const all = new Float64Array(Math.max(0, profs.length - lag));
  let n = 0;
  for (let q = 0; q + lag < profs.length; q++) if (use(q) && use(q + lag)) all[n++] = Math.abs(profs[q + lag]![0]! - profs[q]![0]!);
  if (n < 8) return NaN;
  // a typed (numeric) sort: the order of an array sort by a − b for the values of an image (never NaN), without a
  // comparator call per comparison
  const d = all.subarray(0, n).sort();
  return (1.4826 * d[n >> 1]!) / Math.SQRT2;
}

/**
 * a section centre below this fraction of the lumen level within 1 mm is off the lumen plateau (noise moves a plateau
 * sample by ≈ 10 % of the level: 3 SD of 25 HU on 300–500 HU)
 */
const OFF_LUMEN_RATIO = 0.7;
/** edge blur (σ, mm) when too few sections show a plain edge: mid-range of CCTA (FWHM 0.5–1.1 mm) */
const DEFAULT_BLUR_MM = 0.35;

/** some ray of the section stopped on calcium */
function hasCalcium(sec: Section): boolean {
  for (let q = 0; q < sec.calcified.length; q++) if (sec.calcified[q] === 1) return true;
  return false;
}

/** the vessel's blur σ: the median of its sections' plain-edge σ (DEFAULT_BLUR_MM when none shows one), mm */
function vesselBlurMm(secs: readonly Section[]): number {
  const sig = finiteSorted(secs, (x) => x.edgeSigmaMm ?? NaN);
  return sig.length ? sig[sig.length >> 1]! : DEFAULT_BLUR_MM;
}

/**
 * Calcified sections whose centre is off the lumen plateau: where the residual lumen is (lumen-seed.ts), on a grid
 * about the centre. The centreline runs through the middle of a calcified ring while the lumen lies to one side.
 */
function offLumenSeeds(volume: Volume, pts: readonly Lps[], frames: Frames, secs: readonly Section[], profs: readonly Float64Array[], refHu: Float64Array, noiseSdHu: number, profiler: RayProfiler | undefined): Map<number, LumenSeed> {
  const out = new Map<number, LumenSeed>();
  // off the plateau, with calcium or a lumen-bright spot within 1 mm (the section's lumen level stays near the healthy one);
  // or in the bloom of a calcified ring (the centre above the calcium threshold)
  const bloomed = (q: number): boolean => profs[q]![0]! > refHu[q]! + calciumRiseHu(refHu[q]!, noiseSdHu);
  const idx: number[] = [];
  for (let q = 0; q < secs.length; q++) {
    const sec = secs[q]!;
    if (bloomed(q) || (profs[q]![0]! < OFF_LUMEN_RATIO * refHu[q]! && (hasCalcium(sec) || sec.lumenHu >= FADED_RATIO * refHu[q]!))) idx.push(q);
  }
  if (!idx.length) return out;
  const blurMm = vesselBlurMm(secs);
  const grid = { halfMm: SEED_SEARCH_MM + 0.3, stepMm: 0.1 };
  const grids = sampleGrids(volume, idx.map((q) => pts[q]!), idx.map((q) => frames.n[q]!), idx.map((q) => frames.b[q]!), grid, profiler);
  idx.forEach((q, k) => {
    const inputs = { grid: grids[k]!, stepMm: grid.stepMm, levelHu: refHu[q]!, tissueHu: TISSUE_HU, blurMm };
    const seed = (bloomed(q) ? ringLumenCentre({ ...inputs, calciumHu: refHu[q]! + calciumRiseHu(refHu[q]!, noiseSdHu) }) : null) ?? lumenSeed(inputs);
    if (seed) out.set(q, seed);
  });
  return out;
}

/**
 * Per section, the in-plane offset (mm, 2 per section; 0, 0 to keep the centreline's point) about which it is
 * measured again:
 * - a calcium-aware contour off-centre (the centreline was centred on lumen + bloomed calcium): its centroid;
 * - a centre outside a lumen that is bright within 1 mm of it (the centreline beside the residual lumen of a
 *   stenosis): the centre is off the lumen plateau and rays starting there end at or near it; the brightest blob
 *   within FADED_SEARCH_MM.
 */
function sectionOffsets(secs: readonly Section[], o: RayOptions, seeds: ReadonlyMap<number, LumenSeed>): Float64Array {
  const out = new Float64Array(2 * secs.length);
  secs.forEach((sec, q) => {
    let u = 0, v = 0;
    const seed = seeds.get(q);
    if (seed) {
      if (Math.hypot(seed.uMm, seed.vMm) >= 0.1) [u, v] = [seed.uMm, seed.vMm];
    } else if (hasCalcium(sec)) {
      const sh = sectionShape(sec, o.rays);
      const d = Math.hypot(sh.centroid[0], sh.centroid[1]);
      if (sh.boundedFraction >= 0.5 && d >= 0.1 && d <= 1.5) [u, v] = sh.centroid;
    }
    out[2 * q] = u; out[2 * q + 1] = v;
  });
  return out;
}

/**
 * Sections whose lumen lies beside the centreline point (off-lumen seeds, or the contour's centroid) sampled and
 * analysed again about the lumen's centre; `secs` and `profs` are updated in place. Returns the in-plane offsets, mm.
 */
function recentreSections(
  volume: Volume, pts: readonly Lps[], frames: Frames, secs: Section[], profs: Float64Array[], refHu: Float64Array, noiseSdHu: number,
  o: RayOptions, profiler: RayProfiler | undefined,
): Float32Array {
  const offsets = sectionOffsets(secs, o, offLumenSeeds(volume, pts, frames, secs, profs, refHu, noiseSdHu, profiler));
  const redo: number[] = [];
  const shifted: Lps[] = [];
  for (let q = 0; q < pts.length; q++) {
    const u = offsets[2 * q]!, v = offsets[2 * q + 1]!;
    if (u !== 0 || v !== 0) { redo.push(q); shifted.push(inPlane(pts, frames, q, u, v)); }
  }
  if (redo.length) {
    const again = sampleSections(volume, shifted, redo.map((q) => frames.n[q]!), redo.map((q) => frames.b[q]!), o, profiler);
    redo.forEach((q, m) => { profs[q] = again[m]!; secs[q] = analyseRays(again[m]!, o, { referenceLumenHu: refHu[q]!, noiseSdHu, refinedEdges: true }); });
  }
  return Float32Array.from(offsets);
}

export function lumenProfile(volume: Volume, pointsLps: readonly Lps[], opts: LumenOptions = {}): LumenProfile {
  const o = opts.rays ?? DEFAULT_RAYS;
  const pvRatio = opts.pvRatio ?? 0.85;
  const pts = pointsLps as Lps[];
  const frames = rotationMinimisingFrames(pts, tangents(pts, 2));
  const s = arcLengths(pts);
  const nSec = pts.length;
  const profs = sampleSections(volume, pts, frames.n, frames.b, o, opts.profiler);
  // healthy lumen level nearby (running median over ±15 mm): calcium blooms the centre of calcified
  // sections above it, and calcium is whatever rises well above it
  const stepGuess = nSec > 1 ? s[nSec - 1]! / (nSec - 1) : 0.25;
  // the centre level of each section, which analyseRays reads as well
  const centreHu = Float64Array.from(profs, (prof) => centreLumenHu(prof, o));
  const refHu = runningMedian(contrastCentres(centreHu), Math.max(4, Math.round(15 / (stepGuess || 0.25))));
  const noiseSdHu = centreNoiseSd(profs, Math.max(2, Math.round(1 / (stepGuess || 0.25))));
  // the sections' per-ray arrays in two buffers for the whole vessel
  const R = o.rays, f64 = new Float64Array(nSec * 5 * R), u8 = new Uint8Array(nSec * 2 * R);
  const secs: Section[] = profs.map((prof, q) => analyseRays(prof, o, {
    referenceLumenHu: refHu[q]!, noiseSdHu, refinedEdges: true, centrePeakHu: centreHu[q]!,
    buffers: { f64: f64.subarray(q * 5 * R, (q + 1) * 5 * R), u8: u8.subarray(q * 2 * R, (q + 1) * 2 * R) },
  }));
  const centreOffsetsMm = recentreSections(volume, pts, frames, secs, profs, refHu, noiseSdHu, o, opts.profiler);
  const diskEdges = opts.diskEdges === true;
  const diskModel = correctBlur(secs, o, profs, { stepMm: stepGuess || 0.25, diskEdges, ringShell: opts.ringShell ?? true, hiddenCalcium: opts.hiddenCalcium ?? diskEdges, noiseSdHu, fits: opts.profiler?.edgeFits });
  const step = nSec > 1 ? s[nSec - 1]! / (nSec - 1) : 0.25;
  // the lumen level nearby from the sections with contrast (an occlusion longer than the window pulls it to its plaque)
  const lumenHus = Float64Array.from(secs, (x) => x.lumenHu);
  const vesselHu = medianFinite(lumenHus);
  const level = runningUpperLevel(contrastCentres(lumenHus), Math.max(4, Math.round(10 / (step || 0.25)))).map((v) => (Number.isFinite(v) ? v : vesselHu));
  const pinholes = new Set<number>();
  const faded = fadedAreas(volume, pts, frames, profs, secs, level, o, centreOffsetsMm, opts.profiler, noiseSdHu, pinholes);
  const radii = new Float32Array(nSec * o.rays);
  const outer = new Float32Array(nSec * o.rays);
  const blurMm = vesselBlurMm(secs);
  const narrowed: number[] = [];
  const samples: LumenSample[] = secs.map((sec, q) => {
    const ref = level[q]!;
    const sh = sectionShape(sec, o.rays, { smooth: true });
    let area = sh.areaMm2, dmin = sh.minDiameterMm, dmax = sh.maxDiameterMm;
    // bright but mostly unbounded: a chamber-sized lumen (aortic ostium, bifurcation carina) — wide
    const wide = sh.boundedFraction < 0.5 && sec.lumenHu >= 0.6 * ref;
    if (wide) { area = Math.PI * o.rMaxMm * o.rMaxMm; dmin = 2 * o.rMaxMm; dmax = 2 * o.rMaxMm; }
    const fa = faded.get(q);
    let hasLumen = wide || fa !== undefined || (sh.boundedFraction >= 0.5 && sec.lumenHu > LUMENLESS_RATIO * ref);
    const plain = !hasCalcium(sec) && !pinholes.has(q);
    if (fa !== undefined) {
      const k = area > 0 ? Math.sqrt(fa / area) : 0;
      area = fa; dmin *= k; dmax *= k;
      hasLumen = area >= 0.05;
      if (plain) narrowed.push(q);
    } else if (hasLumen && !wide && sec.lumenHu < pvRatio * ref && 2 * Math.sqrt(area / Math.PI) < PV_MAX_DIAMETER_MM) {
      if (plain) narrowed.push(q);
      // a faded lumen is narrowed by plaque (a healthy lumen ≥ 1.5 mm under the widest CCTA blur, FWHM 1.1 mm, peaks
      // at ≥ 0.72 × the level): its partial-volume mass is counted over the plaque that replaces it, not the fat beyond
      const a2 = integratedArea(profs[q]!, sec, o, ref, sec.lumenHu < FADED_RATIO * ref);
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
    const unresolved = calciumHidesLumen({ calcifiedFraction: calc, centreHu: profs[q]![0]!, levelHu: ref, noiseSdHu, diameterMm: hasLumen ? 2 * Math.sqrt(area / Math.PI) : 0, sigmaMm: blurMm });
    return {
      sMm: s[q]!, areaMm2: area, equivalentDiameterMm: 2 * Math.sqrt(area / Math.PI), minDiameterMm: dmin, maxDiameterMm: dmax,
      lumenHu: sec.lumenHu, outerAreaMm2: outerAreaMm2(sec.outerMm), hasLumen, calcifiedFraction: calc,
      ...(unresolved ? { uncertain: 'below-resolution' as const } : {}),
    };
  });
  if (diskModel) refitNarrowed(volume, pts, frames, samples, radii, narrowed, centreOffsetsMm, level, diskModel, o, noiseSdHu, opts.profiler);
  const fitted = !opts.forwardModel ? samples : applyForwardModel(volume, pts, frames, secs, profs, samples, level, o, centreOffsetsMm, noiseSdHu, radii, opts.profiler, pinholes);
  return { samples: fitted, frames, rays: o, radiiMm: radii, outerMm: outer, profiles: profs, centreOffsetsMm };
}

/**
 * Narrowed sections (faded below the lumen level, no calcium, no pin-hole) by the blurred-disk model of the healthy
 * ones (lumen-small.ts): the lumen level of the vessel's wide sections within ±10 mm (the centre-peak level where
 * none), the vessel's σ. The partial-volume estimates they had set the window; contours are scaled to the fitted area.
 * Each fitted section keeps its residual over the image noise; where it exceeds RESIDUAL_RATIO_MAX (the forward model's
 * bound, lumen-fit.ts) the model does not hold the section and its first figure stays, marked 'fit-residual'.
 */
function refitNarrowed(
  volume: Volume, pts: readonly Lps[], frames: Frames, samples: LumenSample[], radii: Float32Array, qs: readonly number[],
  offsets: Float32Array, level: Float64Array, model: DiskModel, o: RayOptions, noiseSdHu: number, profiler: RayProfiler | undefined,
): void {
  if (!qs.length) return;
  const step = samples.length > 1 ? (samples[samples.length - 1]!.sMm - samples[0]!.sMm) / (samples.length - 1) : 0.25;
  const wideLevel = runningMedian(model.wideLevelHu, Math.max(4, Math.round(10 / (step || 0.25))));
  // contrast varies slowly along a vessel: without a wide section within ±10 mm, the vessel's; without any, the
  // centre-peak level (a lumen narrower than 2σ peaks below its level: its area then reads wide)
  const all = model.wideLevelHu.filter((v) => Number.isFinite(v)).sort();
  const vesselLevel = all.length ? all[all.length >> 1]! : NaN;
  const levelAt = (q: number): number => (Number.isFinite(wideLevel[q]!) ? wideLevel[q]! : Number.isFinite(vesselLevel) ? vesselLevel : level[q]!);
  const fits = narrowedLumens(volume, pts, frames, qs, offsets, levelAt, (q) => samples[q]!.equivalentDiameterMm / 2, model.sigmaMm, profiler);
  for (const [q, f] of fits) {
    const x = samples[q]!, area = Math.PI * f.radiusMm * f.radiusMm;
    const residualRatio = f.rmsHu / noiseSdHu;
    const residual = Number.isFinite(residualRatio) ? { fitResidualRatio: residualRatio } : {};
    // a residual well above the noise is structure the disk model does not hold (the lumen off the window's centre,
    // calcium in the window): the rays' figure stays, and the section says the model could not confirm it
    if (residualRatio > RESIDUAL_RATIO_MAX) { samples[q] = { ...x, ...residual, uncertain: 'fit-residual' }; continue; }
    const k = x.areaMm2 > 0 ? Math.sqrt(area / x.areaMm2) : 0;
    for (let r = 0; r < o.rays; r++) radii[q * o.rays + r] = k > 0 ? radii[q * o.rays + r]! * k : f.radiusMm;
    samples[q] = {
      ...x, areaMm2: area, equivalentDiameterMm: 2 * f.radiusMm, minDiameterMm: k > 0 ? x.minDiameterMm * k : 2 * f.radiusMm,
      maxDiameterMm: k > 0 ? x.maxDiameterMm * k : 2 * f.radiusMm, hasLumen: area >= 0.05, ...residual,
    };
  }
}

/**
 * Sections with calcium, without a lumen or narrowed: the lumen is the forward model's (lumen-fit.ts) —
 * area, presence, residual and uncertainty; contours are scaled to its area (round where the rays had none).
 */
function applyForwardModel(
  volume: Volume, pts: readonly Lps[], frames: Frames, secs: Section[], profs: readonly Float64Array[], samples: LumenSample[], level: Float64Array, o: RayOptions,
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
