/**
 * Analytic truth of a series: per lesion DS = 100·(1 − r_min / r_ref) at the minimal lumen, MLA, extent,
 * plaque type and volumes, occlusion run, whether the residual lumen is visible through this PSF and noise;
 * and the vessel's centreline between the two seeds (LPS mm) for centreline scoring.
 */
import { lesionShape, referenceRadiusMm, classifyMain, sectionTable, CALCIUM, PLAQUE, type Hit } from './section.ts';
import { pointAt, type Curve } from './curve.ts';
import { FWHM_TO_SIGMA } from './render.ts';
import type { LesionShape, PlaqueType, SeriesSpec } from './spec.ts';
import type { V3 } from './vec.ts';

export interface TruthLesion {
  readonly id: string;
  readonly shape: LesionShape;
  readonly plaque: PlaqueType;
  readonly dsPct: number;
  readonly mlaMm2: number;
  /** arc length (from the proximal seed) of the minimal lumen area */
  readonly sMm: number;
  readonly startSMm: number;
  readonly endSMm: number;
  readonly referenceDiameterMm: number;
  readonly occluded: boolean;
  /** lumen-less run of an occlusion */
  readonly occlusionRunMm: readonly [number, number] | null;
  /** the residual lumen's blurred contrast reaches twice the noise SD */
  readonly lumenVisible: boolean;
  readonly eccentricity: number;
  readonly remodellingIndex: number;
  readonly calciumArcDeg: number | null;
  readonly tandemWith: string | null;
  readonly branchAtLesion: boolean;
  readonly plaqueMm3: { readonly calcified: number; readonly nonCalcified: number; readonly lowAttenuation: number };
}

export interface SeriesTruth {
  readonly id: string;
  readonly setSeed: number;
  readonly index: number;
  readonly fromLps: V3;
  readonly toLps: V3;
  readonly lengthMm: number;
  /** the vessel's centreline from the proximal to the distal seed, every 0.25 mm */
  readonly pathLps: V3[];
  readonly lesions: TruthLesion[];
  readonly imaging: {
    readonly spacingMm: V3; readonly psfFwhmInPlaneMm: number; readonly psfFwhmZMm: number; readonly noiseSdHu: number;
    readonly correlatedNoise: boolean; readonly patientPosition: string; readonly obliqueDeg: number; readonly lumenHu: number;
  };
  readonly smallVessel: boolean;
  readonly referenceDiameterProximalMm: number;
  readonly branches: number;
  readonly chamber: string | null;
}

function plaqueVolumes(spec: SeriesSpec, curve: Curve, lo: number, hi: number): TruthLesion['plaqueMm3'] {
  const table = sectionTable(spec, curve);
  const hit: Hit = { code: 0, hu: 0 };
  const ds = 0.2, dxy = 0.1;
  let ca = 0, nc = 0, lap = 0;
  for (let s = lo; s <= hi; s += ds) {
    const q = Math.round((s - curve.s0Mm) / curve.stepMm);
    if (q < 0 || q >= curve.count) continue;
    const r = table.rPlaque[q]!;
    for (let x = -r; x <= r; x += dxy) for (let y = -r; y <= r; y += dxy) {
      if (x * x + y * y >= r * r) continue;
      classifyMain(spec, table, q, s, x, y, hit);
      const v = ds * dxy * dxy;
      if (hit.code === CALCIUM) ca += v;
      else if (hit.code === PLAQUE) { if (hit.hu < 30) lap += v; else nc += v; }
    }
  }
  return { calcified: ca, nonCalcified: nc, lowAttenuation: lap };
}

export function seriesTruth(spec: SeriesSpec, curve: Curve): SeriesTruth {
  const v = spec.vessel, im = spec.imaging;
  const sigma = im.psfFwhmInPlaneMm * FWHM_TO_SIGMA;
  const lesions = spec.lesions.map((l): TruthLesion => {
    const lo = l.centreSMm - l.lengthMm / 2, hi = l.centreSMm + l.lengthMm / 2;
    let sMin = l.peakSMm, rMin = Infinity;
    for (let s = lo; s <= hi; s += 0.01) {
      const r = referenceRadiusMm(spec, s) * (1 - l.dsFraction * lesionShape(l, s));
      if (r < rMin - 1e-9) { rMin = r; sMin = s; }
    }
    const occluded = l.shape === 'occlusion';
    if (occluded) { sMin = l.centreSMm; rMin = 0; }
    const rRef = referenceRadiusMm(spec, sMin);
    const lumenHu = im.lumenHu * (1 - 0.0005 * sMin);
    // peak of a disc of radius r blurred by a 2-D Gaussian of σ: ΔHU·(1 − exp(−r²/2σ²))
    const contrast = (lumenHu - l.plaqueHu) * (1 - Math.exp(-(rMin * rMin) / (2 * sigma * sigma)));
    const growth = l.outerGrowthMm * lesionShape(l, sMin);
    return {
      id: l.id, shape: l.shape, plaque: l.plaque, dsPct: occluded ? 100 : 100 * (1 - rMin / rRef), mlaMm2: Math.PI * rMin * rMin, sMm: sMin,
      startSMm: lo, endSMm: hi, referenceDiameterMm: 2 * rRef, occluded,
      occlusionRunMm: occluded ? [l.centreSMm - l.runMm / 2, l.centreSMm + l.runMm / 2] : null,
      lumenVisible: !occluded && contrast >= 2 * im.noiseSdHu,
      eccentricity: l.eccentricity, remodellingIndex: ((rRef + growth + v.wallMm) / (rRef + v.wallMm)) ** 2,
      calciumArcDeg: l.calcium?.arcDeg ?? null, tandemWith: l.tandemWith,
      branchAtLesion: spec.branches.some((b) => b.atLesion === l.id),
      plaqueMm3: plaqueVolumes(spec, curve, lo, hi),
    };
  });
  const pathLps: V3[] = [];
  const q0 = Math.round(-curve.s0Mm / curve.stepMm), q1 = Math.round((v.lengthMm - curve.s0Mm) / curve.stepMm);
  for (let q = q0; q <= q1; q += Math.max(1, Math.round(0.25 / curve.stepMm))) pathLps.push(pointAt(curve, q));
  if (pathLps.length === 0 || q1 % 1 !== 0) throw new Error('empty truth path');
  const last = pointAt(curve, q1);
  if (pathLps[pathLps.length - 1]!.some((x, e) => x !== last[e])) pathLps.push(last);
  return {
    id: spec.id, setSeed: spec.setSeed, index: spec.index, fromLps: pathLps[0]!, toLps: last, lengthMm: v.lengthMm, pathLps, lesions,
    imaging: {
      spacingMm: im.spacingMm, psfFwhmInPlaneMm: im.psfFwhmInPlaneMm, psfFwhmZMm: im.psfFwhmZMm, noiseSdHu: im.noiseSdHu,
      correlatedNoise: im.noiseCorrelationVox > 0, patientPosition: im.patientPosition, obliqueDeg: im.obliqueDeg, lumenHu: im.lumenHu,
    },
    smallVessel: v.small, referenceDiameterProximalMm: 2 * v.radiusProximalMm, branches: spec.branches.length,
    chamber: spec.chamber?.kind ?? null,
  };
}
