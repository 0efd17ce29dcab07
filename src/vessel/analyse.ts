/**
 * The vessel analysis in stages: centreline → lumen → reference, lesions and plaque → side branches. The CLI
 * (analyseVessel), the viewer's vessel worker and the tests run these same stages. The worker stops after the
 * first one to show the centreline while the lumen is measured, and keeps the lumen stage's result so that a
 * moved reference runs the lesion stage again without sampling the image.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { extractCentreline, type Centreline, type PathSolver } from './centreline.ts';
import { lumenProfile, type LumenProfile, type LumenSample } from './lumen.ts';
import { FIXED_MIN_PCT, findLesions, referenceDiameters, type LesionCore } from './stenosis.ts';
import { plaqueVolumes, type PlaqueVolumes } from './plaque.ts';
import { lesionExtents, type LesionExtent } from './lesion-extent.ts';
import { remodellingIndexFromProfile } from './remodelling.ts';
import { hasNapkinRing } from './napkin.ts';
import { branchRayStartsMm, findSideBranches } from './branches.ts';
import { judgeDarkSections } from './occlusion.ts';
import { settleSmallLumens } from './subtotal.ts';
import { outOfScope, vesselScope } from './scope.ts';
import type { RayProfiler } from './rays.ts';
import { lesionUncertainty, type UncertainReason } from './lumen-fit.ts';
import type { SeedEnd, VesselWarning } from './warnings.ts';

export interface VesselSeeds {
  readonly fromLps: Lps;
  readonly toLps: Lps;
  readonly viaLps?: readonly Lps[];
  /** a centreline already found between the seeds (centreline.ts CentrelineSeeds.guideLps): no path search */
  readonly guideLps?: readonly Lps[];
}

/** The kernels a stage may use (each absent: the TypeScript twin). */
export interface VesselKernels {
  readonly solver?: PathSolver;
  readonly profiler?: RayProfiler;
}

export interface AnalyseOptions extends VesselKernels {
  /** user-set reference positions (arc length from the proximal seed, mm) */
  readonly referenceSMm?: readonly [number, number];
  readonly padMm?: number;
  readonly onProgress?: (message: string) => void;
  /** re-measure flagged sections by the forward model (lumen.ts LumenOptions.forwardModel) */
  readonly forwardModel?: boolean;
  /** time per stage (centrelineMs, pathMs, recentreMs, lumenMs, lesionsMs, branchesMs), filled when given */
  readonly timings?: Record<string, number>;
}

export interface Lesion extends LesionCore {
  /** the image does not hold this lesion's figures (forward-model fit at its MLA): report "not assessable" */
  readonly uncertain?: boolean;
  readonly uncertainReason?: UncertainReason;
  readonly plaque: PlaqueVolumes;
  /** outer vessel area at the MLA / reference outer area (NaN when the outer wall is not measurable) */
  readonly remodellingIndex: number;
  /** a low-attenuation core with a denser rim around it (napkin.ts) */
  readonly napkinRing: boolean;
  /** where the lumen leaves the reference and returns to it (lesion-extent.ts): the lesion's length for a reader */
  readonly extent: LesionExtent;
}

export interface ProfileSample extends LumenSample {
  readonly referenceDiameterMm: number;
}

export interface CentrelineGeometry { readonly pointsLps: Lps[]; readonly stepMm: number; readonly lengthMm: number }

export interface VesselAnalysis {
  readonly centreline: CentrelineGeometry;
  readonly profile: ProfileSample[];
  /** narrowings significant against the profile's noise (stenosis.ts findLesions), largest first */
  readonly lesions: Lesion[];
  readonly maxDiameterStenosisPct: number;
  readonly warnings: readonly VesselWarning[];
  /** side-branch ostia seen in the image along the centreline (arc length, mm; branches.ts) */
  readonly branchesMm: readonly number[];
}

/**
 * Outer-wall area at the MLA ÷ mean outer area within 5 mm outside the lesion (NaN when < 4 reference sections),
 * from the per-section outer areas: for contours the user drew (the automatic one is remodelling.ts).
 */
export function remodellingIndex(
  samples: readonly { readonly outerAreaMm2: number }[], l: { readonly startIndex: number; readonly endIndex: number; readonly mlaIndex: number }, stepMm: number,
): number {
  const ref: number[] = [];
  const span = Math.round(5 / stepMm);
  for (let q = l.startIndex - span; q < l.startIndex; q++) if (q >= 0 && Number.isFinite(samples[q]!.outerAreaMm2)) ref.push(samples[q]!.outerAreaMm2);
  for (let q = l.endIndex + 1; q <= l.endIndex + span; q++) if (q < samples.length && Number.isFinite(samples[q]!.outerAreaMm2)) ref.push(samples[q]!.outerAreaMm2);
  const at = samples[l.mlaIndex]!.outerAreaMm2;
  if (ref.length < 4 || !Number.isFinite(at)) return NaN;
  return at / (ref.reduce((a, b) => a + b, 0) / ref.length);
}

/** A lumen-less run at an end of the vessel no longer than this is a seed placed off the lumen, not an occlusion. */
const MAX_OFF_LUMEN_END_MM = 1.5;

/**
 * A seed clicked on the wall or plaque at the ostium (where the vessel leaves its bright parent) or at
 * the distal end gives a few lumen-less sections at that end: they take the nearest measured section's
 * values instead of reading as a 100 % occlusion. An occlusion is a longer lumen-less stretch.
 */
function fillOffLumenEnds(samples: LumenSample[], stepMm: number, warnings: VesselWarning[]): LumenSample[] {
  const n = samples.length;
  const maxRun = Math.round(MAX_OFF_LUMEN_END_MM / stepMm);
  const needAfter = Math.round(2 / stepMm);
  const out = samples.slice();
  const fill = (order: number[], end: SeedEnd): void => {
    let run = 0;
    while (run < order.length && !samples[order[run]!]!.hasLumen) run++;
    if (run === 0 || run > maxRun || run + needAfter > order.length) return;
    for (let m = run; m < run + needAfter; m++) if (!samples[order[m]!]!.hasLumen) return;
    const src = samples[order[run]!]!;
    for (let m = 0; m < run; m++) { const q = order[m]!; out[q] = { ...src, sMm: samples[q]!.sMm, lumenHu: samples[q]!.lumenHu, outerAreaMm2: samples[q]!.outerAreaMm2 }; }
    warnings.push({ code: 'seed-off-lumen', params: { end, offMm: run * stepMm } });
  };
  fill(Array.from({ length: n }, (_, q) => q), 'proximal');
  fill(Array.from({ length: n }, (_, q) => n - 1 - q), 'distal');
  return out;
}

/**
 * The distal end this much wider (ratio, + 0.1 mm) than the proximal end over 20 sections: seeds look swapped.
 * (1.06: the partial-volume-corrected diameters of a tapering LAD crop differ by ≈ 14 %.)
 */
const SWAPPED_RATIO = 1.06;
/** sections averaged at each end for the swapped-seeds test */
const SWAPPED_END_SECTIONS = 20;

function seedsLookSwapped(samples: readonly LumenSample[]): boolean {
  const first = samples.slice(0, SWAPPED_END_SECTIONS).filter((x) => x.hasLumen);
  const last = samples.slice(-SWAPPED_END_SECTIONS).filter((x) => x.hasLumen);
  const mean = (a: LumenSample[]): number => a.reduce((x, y) => x + y.equivalentDiameterMm, 0) / Math.max(1, a.length);
  return first.length > 0 && last.length > 0 && mean(last) > SWAPPED_RATIO * mean(first) + 0.1;
}

/**
 * The lumen profile with its dark sections judged against their own plaque (occlusion.ts: a sub-resolution lumen
 * is lumen, plaque is not), small lumens settled against what the image can show (subtotal.ts: a lumen-less run
 * that contrast went through is a sub-total stenosis), and lumen-less seed ends filled from the nearest lumen section (warnings appended).
 */
export function settleProfileEnds(lp0: LumenProfile, stepMm: number, warnings: VesselWarning[]): LumenProfile {
  const lp = settleSmallLumens(judgeDarkSections(lp0, stepMm).profile, stepMm);
  return { ...lp, samples: fillOffLumenEnds(lp.samples, stepMm, warnings) };
}

/** Stage 1: the centreline through the seeds. */
export function traceCentreline(volume: Volume, seeds: VesselSeeds, opts: AnalyseOptions = {}): Centreline {
  const t0 = performance.now();
  const cl = extractCentreline(volume, seeds, { solver: opts.solver, profiler: opts.profiler, padMm: opts.padMm, onProgress: opts.onProgress });
  const t = opts.timings;
  if (t) { t.centrelineMs = performance.now() - t0; t.pathMs = cl.timingsMs.path; t.recentreMs = cl.timingsMs.recentre; }
  opts.onProgress?.(`centreline: ${cl.lengthMm.toFixed(1)} mm`);
  return cl;
}

/** What the lumen stage hands on: the centreline, its settled lumen profile and the warnings so far. */
export interface VesselLumen {
  readonly centreline: CentrelineGeometry;
  readonly lumen: LumenProfile;
  readonly warnings: readonly VesselWarning[];
}

/** Stage 2: the lumen profile, its seed ends settled, and the swapped-seeds check. */
export function measureLumen(volume: Volume, cl: Centreline, opts: AnalyseOptions = {}): VesselLumen {
  const t0 = performance.now();
  const warnings = [...cl.warnings];
  const lumen = settleProfileEnds(lumenProfile(volume, cl.pointsLps, { profiler: opts.profiler, forwardModel: opts.forwardModel }), cl.stepMm, warnings);
  if (seedsLookSwapped(lumen.samples)) warnings.push({ code: 'seeds-swapped', params: {} });
  if (opts.timings) opts.timings.lumenMs = performance.now() - t0;
  return { centreline: { pointsLps: cl.pointsLps, stepMm: cl.stepMm, lengthMm: cl.lengthMm }, lumen, warnings };
}

/**
 * Stage 3: reference diameters (user positions when given), lesions with their plaque volumes and remodelling
 * index, and the profile. Run again alone when the user moves the reference.
 */
export function measureLesions(m: VesselLumen, branchesMm: readonly number[], referenceSMm?: readonly [number, number]): VesselAnalysis {
  const lp = m.lumen, stepMm = m.centreline.stepMm;
  const refD = referenceDiameters(lp.samples, { referenceSMm, fieldDiameterMm: 2 * lp.rays.rMaxMm });
  // a vessel wider than the section field (the aorta traced by mistake) has no lesions the analysis can read
  const scope = vesselScope(lp);
  const wide = outOfScope(scope);
  const warnings = wide ? [...m.warnings, { code: 'vessel-too-wide' as const, params: { fieldMm: scope.fieldMm, widePct: 100 * scope.wideFraction } }] : m.warnings;
  const cores = wide ? [] : findLesions(lp.samples, refD, referenceSMm ? FIXED_MIN_PCT : undefined);
  const extents = lesionExtents(lp.samples.map((x, q) => ({ ...x, referenceDiameterMm: refD[q]! })), cores);
  const lesions: Lesion[] = cores.map((l, i) => ({
    ...l, ...lesionUncertainty(lp.samples, judgedAt(lp.samples, l), stepMm), plaque: plaqueVolumes(lp, l.startIndex, l.endIndex), remodellingIndex: remodellingIndexFromProfile(lp, l, [extents[i]!.startSMm, extents[i]!.endSMm]),
    napkinRing: hasNapkinRing(lp, l),
    extent: extents[i]!,
  }));
  return {
    centreline: m.centreline,
    profile: lp.samples.map((x, q) => ({ ...x, referenceDiameterMm: refD[q]! })),
    lesions,
    maxDiameterStenosisPct: lesions.length ? lesions[0]!.diameterStenosisPct : 0,
    warnings,
    branchesMm,
  };
}

/**
 * Where a lesion's figure is judged assessable: its MLA section; for an occlusion the middle of its longest lumen-less
 * run (its position, the middle of its whole lumen-less span, may hold calcium's bloom read as lumen, which says
 * nothing of the sections without lumen).
 */
function judgedAt(samples: readonly LumenSample[], l: LesionCore): LesionCore {
  if (!l.totalOcclusion) return l;
  let mi = l.mlaIndex, best = 0, start = -1;
  for (let q = l.startIndex; q <= l.endIndex + 1; q++) {
    if (q <= l.endIndex && !samples[q]!.hasLumen) { if (start < 0) start = q; continue; }
    if (start >= 0 && q - start > best) { best = q - start; mi = (start + q - 1) >> 1; }
    start = -1;
  }
  return { ...l, mlaIndex: mi };
}

/** Stage 4: side-branch ostia seen in the image, rays starting at the measured lumen edge (branches.ts). */
export function sideBranchesMm(volume: Volume, a: VesselAnalysis): number[] {
  return findSideBranches(volume, a.centreline.pointsLps, branchRayStartsMm(a.profile)).map((b) => b.sMm);
}

/** A measured vessel: the lumen stage's result (kept to re-measure), its side branches and the analysis. */
export interface MeasuredVessel {
  readonly lumen: VesselLumen;
  readonly branchesMm: readonly number[];
  readonly analysis: VesselAnalysis;
}

/** Stages 2–4 on a traced centreline. */
export function measureVessel(volume: Volume, cl: Centreline, opts: AnalyseOptions = {}): MeasuredVessel {
  const lumen = measureLumen(volume, cl, opts);
  const t0 = performance.now();
  const a0 = measureLesions(lumen, [], opts.referenceSMm);
  const t1 = performance.now();
  const branchesMm = sideBranchesMm(volume, a0);
  if (opts.timings) { opts.timings.lesionsMs = t1 - t0; opts.timings.branchesMs = performance.now() - t1; }
  return { lumen, branchesMm, analysis: { ...a0, branchesMm } };
}

/** The whole analysis from the seeds: every stage. */
export function analyseVessel(volume: Volume, seeds: VesselSeeds, opts: AnalyseOptions = {}): VesselAnalysis {
  return measureVessel(volume, traceCentreline(volume, seeds, opts), opts).analysis;
}
