/**
 * The whole vessel analysis (centreline → lumen profile → reference → lesions → plaque) and its
 * result: one plain object for the CLI and the viewer, plus a compact transferable form (one
 * Float32Array of per-section columns + a small JSON header) that `fromTransferable` rebuilds.
 */
import type { Lps, Volume } from '../volume/volume.ts';
import { extractCentreline, type CentrelineOptions, type PathSolver } from './centreline.ts';
import { lumenProfile, type LumenProfile, type LumenSample } from './lumen.ts';
import { findLesions, referenceDiameters, type LesionCore } from './stenosis.ts';
import { plaqueVolumes, type PlaqueVolumes } from './plaque.ts';
import type { RayProfiler } from './rays.ts';
import type { P3 } from './curve.ts';

export interface VesselSeeds {
  readonly fromLps: Lps;
  readonly toLps: Lps;
  readonly viaLps?: readonly Lps[];
}

export interface AnalyseOptions {
  /** user-set reference positions (arc length from the proximal seed, mm) */
  readonly referenceSMm?: readonly [number, number];
  readonly solver?: PathSolver;
  readonly profiler?: RayProfiler;
  readonly padMm?: number;
  readonly onProgress?: (message: string) => void;
  /** time per stage, filled when given */
  readonly timings?: Record<string, number>;
}

export interface Lesion extends LesionCore {
  readonly plaque: PlaqueVolumes;
  /** outer vessel area at the MLA / reference outer area (NaN when the outer wall is not measurable) */
  readonly remodellingIndex: number;
}

export interface ProfileSample extends LumenSample {
  readonly referenceDiameterMm: number;
}

export interface VesselAnalysis {
  readonly centreline: { readonly pointsLps: P3[]; readonly stepMm: number; readonly lengthMm: number };
  readonly profile: ProfileSample[];
  /** DS ≥ 20 %, largest first */
  readonly lesions: Lesion[];
  readonly maxDiameterStenosisPct: number;
  readonly warnings: string[];
}

/** Outer-wall area at the MLA ÷ mean outer area within 5 mm outside the lesion (NaN when < 4 reference sections). */
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

/**
 * The --to end this much wider (ratio, + 0.1 mm) than the --from end over 20 sections: seeds look swapped.
 * (1.06: the partial-volume-corrected diameters of a tapering LAD crop differ by ≈ 14 %.)
 */
const SWAPPED_RATIO = 1.06;

/** A lumen-less run at an end of the vessel no longer than this is a seed placed off the lumen, not an occlusion. */
const MAX_OFF_LUMEN_END_MM = 1.5;

/**
 * A seed clicked on the wall or plaque at the ostium (where the vessel leaves its bright parent) or at
 * the distal end gives a few lumen-less sections at that end: they take the nearest measured section's
 * values instead of reading as a 100 % occlusion. An occlusion is a longer lumen-less stretch.
 */
function fillOffLumenEnds(samples: LumenSample[], stepMm: number, warnings: string[]): LumenSample[] {
  const n = samples.length;
  const maxRun = Math.round(MAX_OFF_LUMEN_END_MM / stepMm);
  const needAfter = Math.round(2 / stepMm);
  const out = samples.slice();
  const fill = (order: number[], label: string): void => {
    let run = 0;
    while (run < order.length && !samples[order[run]!]!.hasLumen) run++;
    if (run === 0 || run > maxRun || run + needAfter > order.length) return;
    for (let m = run; m < run + needAfter; m++) if (!samples[order[m]!]!.hasLumen) return;
    const src = samples[order[run]!]!;
    for (let m = 0; m < run; m++) { const q = order[m]!; out[q] = { ...src, sMm: samples[q]!.sMm, lumenHu: samples[q]!.lumenHu, outerAreaMm2: samples[q]!.outerAreaMm2 }; }
    warnings.push(`the ${label} point is ${(run * stepMm).toFixed(2)} mm off the lumen: that end is measured from the nearest lumen section`);
  };
  fill(Array.from({ length: n }, (_, q) => q), '--from');
  fill(Array.from({ length: n }, (_, q) => n - 1 - q), '--to');
  return out;
}

export function analyseVessel(volume: Volume, seeds: VesselSeeds, opts: AnalyseOptions = {}): VesselAnalysis {
  const t = opts.timings;
  let t0 = performance.now();
  const copts: CentrelineOptions = { solver: opts.solver, profiler: opts.profiler, padMm: opts.padMm, onProgress: opts.onProgress };
  const cl = extractCentreline(volume, seeds, copts);
  if (t) t.centrelineMs = performance.now() - t0;
  opts.onProgress?.(`centreline: ${cl.lengthMm.toFixed(1)} mm`);
  t0 = performance.now();
  const lp0 = lumenProfile(volume, cl.pointsLps, { profiler: opts.profiler });
  if (t) t.lumenMs = performance.now() - t0;
  t0 = performance.now();
  const warnings = [...cl.warnings];
  const lp = settleProfileEnds(lp0, cl.stepMm, warnings);
  const first = lp.samples.slice(0, 20).filter((x) => x.hasLumen), last = lp.samples.slice(-20).filter((x) => x.hasLumen);
  const mean = (a: LumenSample[]): number => a.reduce((x, y) => x + y.equivalentDiameterMm, 0) / Math.max(1, a.length);
  if (first.length && last.length && mean(last) > SWAPPED_RATIO * mean(first) + 0.1) {
    warnings.push('the --to end is wider than the --from end: are the proximal and distal points swapped?');
  }
  const analysis = measureProfile(cl, lp, warnings, opts.referenceSMm);
  if (t) t.stenosisMs = performance.now() - t0;
  return analysis;
}

/** The lumen profile with lumen-less seed ends filled from the nearest lumen section (warnings appended). */
export function settleProfileEnds(lp0: LumenProfile, stepMm: number, warnings: string[]): LumenProfile {
  return { ...lp0, samples: fillOffLumenEnds(lp0.samples, stepMm, warnings) };
}

/**
 * Reference diameters, lesions (with plaque volumes and remodelling index) and the profile from a settled
 * lumen profile. Shared by analyseVessel and the viewer's vessel worker (which re-measures with user references).
 */
export function measureProfile(
  centreline: { readonly pointsLps: P3[]; readonly stepMm: number; readonly lengthMm: number },
  lp: LumenProfile, warnings: string[], referenceSMm?: readonly [number, number],
): VesselAnalysis {
  const refD = referenceDiameters(lp.samples, { referenceSMm });
  const lesions: Lesion[] = findLesions(lp.samples, refD).map((l) => ({
    ...l, plaque: plaqueVolumes(lp, l.startIndex, l.endIndex), remodellingIndex: remodellingIndex(lp.samples, l, centreline.stepMm),
  }));
  return {
    centreline: { pointsLps: centreline.pointsLps, stepMm: centreline.stepMm, lengthMm: centreline.lengthMm },
    profile: lp.samples.map((x, q) => ({ ...x, referenceDiameterMm: refD[q]! })),
    lesions,
    maxDiameterStenosisPct: lesions.length ? lesions[0]!.diameterStenosisPct : 0,
    warnings,
  };
}

const COLUMNS = ['x', 'y', 'z', 'sMm', 'areaMm2', 'equivalentDiameterMm', 'minDiameterMm', 'maxDiameterMm', 'referenceDiameterMm', 'lumenHu', 'outerAreaMm2', 'hasLumen', 'calcifiedFraction'] as const;

export interface TransferableAnalysis {
  /** everything but the per-section columns */
  readonly header: { columns: readonly string[]; sections: number; stepMm: number; lengthMm: number; lesions: Lesion[]; maxDiameterStenosisPct: number; warnings: string[] };
  /** sections × columns, row-major; transfer its buffer */
  readonly table: Float32Array;
}

export function toTransferable(a: VesselAnalysis): TransferableAnalysis {
  const n = a.profile.length, c = COLUMNS.length;
  const table = new Float32Array(n * c);
  a.profile.forEach((p, q) => {
    const pt = a.centreline.pointsLps[q]!;
    const row = [pt[0], pt[1], pt[2], p.sMm, p.areaMm2, p.equivalentDiameterMm, p.minDiameterMm, p.maxDiameterMm, p.referenceDiameterMm, p.lumenHu, p.outerAreaMm2, p.hasLumen ? 1 : 0, p.calcifiedFraction];
    table.set(row, q * c);
  });
  return { header: { columns: COLUMNS, sections: n, stepMm: a.centreline.stepMm, lengthMm: a.centreline.lengthMm, lesions: a.lesions, maxDiameterStenosisPct: a.maxDiameterStenosisPct, warnings: a.warnings }, table };
}

export function fromTransferable(t: TransferableAnalysis): VesselAnalysis {
  const c = COLUMNS.length;
  const pts: P3[] = [];
  const profile: ProfileSample[] = [];
  for (let q = 0; q < t.header.sections; q++) {
    const r = (k: number): number => t.table[q * c + k]!;
    pts.push([r(0), r(1), r(2)]);
    profile.push({ sMm: r(3), areaMm2: r(4), equivalentDiameterMm: r(5), minDiameterMm: r(6), maxDiameterMm: r(7), referenceDiameterMm: r(8), lumenHu: r(9), outerAreaMm2: r(10), hasLumen: r(11) === 1, calcifiedFraction: r(12) });
  }
  const h = t.header;
  return { centreline: { pointsLps: pts, stepMm: h.stepMm, lengthMm: h.lengthMm }, profile, lesions: h.lesions, maxDiameterStenosisPct: h.maxDiameterStenosisPct, warnings: h.warnings };
}
