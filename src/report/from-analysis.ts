/**
 * From a measured vessel (centreline length + lesions with MLD, %DS, plaque volumes by HU class and
 * remodelling index, as src/vessel measures them) to report lesions: SCCT segment by arc length, plaque type
 * and high-risk features. Structural types: no import of the vessel code.
 *
 * Thresholds (documented proposals, the reader edits the result):
 * - plaque type from volumes: calcified ≥ 70 % of the plaque volume → calcified; ≤ 10 % → non-calcified (or
 *   low-attenuation when < 30 HU voxels are ≥ 50 % of the non-calcified volume); otherwise mixed.
 * - positive remodelling: remodelling index ≥ 1.1 (the SCCT definition);
 * - low-attenuation plaque: < 30 HU voxels ≥ 25 % of the non-calcified volume and ≥ 2 mm³. Measured < 30 HU
 *   volumes include partial-volume epicardial fat at the outer wall (lesions without LAP measured 14–27 % on the
 *   phantoms, the CORO-02 LAP-core lesion 28 %), so LAP alone is weak evidence; HRP needs a second feature;
 * - spotty calcification: calcium present (≥ 0.5 mm³) but < 10 % of the plaque volume and ≤ 15 mm³
 *   (≈ a 3 mm sphere); mixed plaques measured 11–20 % calcified on the phantoms;
 * - napkin-ring sign: as src/vessel/napkin.ts reads it (a < 30 HU core, a rim ≥ 30 HU denser outside it, ring-like).
 */
import type { HighRiskFeature, PlaqueType } from './cadrads.ts';
import type { Lesion } from './report.ts';
import { segmentAt, segmentSpans, segmentsInRange, type SegmentSpan, type VesselLandmarksMm, type VesselName } from './segments.ts';

export interface MeasuredPlaqueMm3 {
  readonly calcifiedMm3: number;
  readonly nonCalcifiedMm3: number;
  readonly lowAttenuationMm3: number;
}

export interface MeasuredLesion {
  /** arc length of the MLA, mm */
  readonly sMm: number;
  readonly startSMm: number;
  readonly endSMm: number;
  readonly lengthMm: number;
  readonly mlaMm2: number;
  readonly mldMm: number;
  readonly referenceDiameterMm: number;
  readonly diameterStenosisPct: number;
  readonly areaStenosisPct: number;
  readonly totalOcclusion: boolean;
  readonly plaque: MeasuredPlaqueMm3;
  /** NaN when not measurable */
  readonly remodellingIndex: number;
  /** a low-attenuation core with a denser rim at the plaque's outer edge, seen by the analysis */
  readonly napkinRing?: boolean;
  /** the image does not hold the lesion's figures: a non-diagnostic finding (CAD-RADS 2.0 N) */
  readonly uncertain?: boolean;
  /** where the lumen leaves the reference and returns to it: the length a reader measures (else lengthMm) */
  readonly extent?: { readonly lengthMm: number };
  /** the lesion sits at a bifurcation (src/vessel/bifurcation.ts): its Medina digits, undefined where not measured */
  readonly bifurcation?: { readonly medina: readonly [0 | 1 | undefined, 0 | 1 | undefined, 0 | 1 | undefined]; readonly sideVessel?: VesselName };
}

export interface MeasuredVessel {
  readonly name: VesselName;
  readonly lengthMm: number;
  readonly lesions: readonly MeasuredLesion[];
  readonly landmarks?: VesselLandmarksMm;
}

export function plaqueTypeFromVolumes(p: MeasuredPlaqueMm3): PlaqueType | null {
  const soft = p.nonCalcifiedMm3 + p.lowAttenuationMm3;
  const total = soft + p.calcifiedMm3;
  if (!(total > 0)) return null;
  const calcFrac = p.calcifiedMm3 / total;
  if (calcFrac >= 0.7) return 'calcified';
  if (calcFrac <= 0.1) return p.lowAttenuationMm3 >= 0.5 * soft ? 'low-attenuation' : 'non-calcified';
  return 'mixed';
}

export function highRiskFeaturesOf(l: MeasuredLesion): HighRiskFeature[] {
  const p = l.plaque;
  const soft = p.nonCalcifiedMm3 + p.lowAttenuationMm3;
  const total = soft + p.calcifiedMm3;
  const out: HighRiskFeature[] = [];
  if (Number.isFinite(l.remodellingIndex) && l.remodellingIndex >= 1.1) out.push('positive-remodelling');
  if (p.lowAttenuationMm3 >= 2 && soft > 0 && p.lowAttenuationMm3 / soft >= 0.25) out.push('low-attenuation');
  if (p.calcifiedMm3 >= 0.5 && p.calcifiedMm3 <= 15 && total > 0 && p.calcifiedMm3 / total < 0.1) {
    out.push('spotty-calcification');
  }
  if (l.napkinRing) out.push('napkin-ring');
  return out;
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;

export function lesionFromMeasurement(l: MeasuredLesion, spans: readonly SegmentSpan[], id?: string): Lesion {
  const segment = segmentAt(spans, l.sMm);
  const involved = segmentsInRange(spans, l.startSMm, l.endSMm);
  const pct = l.totalOcclusion ? 100 : Math.min(100, Math.max(0, l.diameterStenosisPct));
  return {
    ...(id ? { id } : {}),
    segment,
    involvedSegments: involved.includes(segment) ? involved : [segment, ...involved],
    positionMm: round(l.sMm, 2),
    diameterStenosisPct: round(pct, 1),
    areaStenosisPct: round(l.totalOcclusion ? 100 : Math.min(100, Math.max(0, l.areaStenosisPct)), 1),
    mldMm: round(l.totalOcclusion ? 0 : l.mldMm, 2),
    mlaMm2: round(l.totalOcclusion ? 0 : l.mlaMm2, 2),
    referenceDiameterMm: round(l.referenceDiameterMm, 2),
    lengthMm: round(l.extent?.lengthMm ?? l.lengthMm, 1),
    plaqueType: plaqueTypeFromVolumes(l.plaque),
    volumesMm3: {
      calcified: round(l.plaque.calcifiedMm3, 1),
      nonCalcified: round(l.plaque.nonCalcifiedMm3, 1),
      lowAttenuation: round(l.plaque.lowAttenuationMm3, 1),
    },
    highRiskFeatures: highRiskFeaturesOf(l),
    ...(l.bifurcation ? { bifurcation: {
      medina: [l.bifurcation.medina[0] ?? null, l.bifurcation.medina[1] ?? null, l.bifurcation.medina[2] ?? null] as const,
      ...(l.bifurcation.sideVessel ? { sideVessel: l.bifurcation.sideVessel } : {}),
    } } : {}),
    ...(l.uncertain ? { nonDiagnostic: true } : {}),
  };
}

/** Report vessel (segment spans + lesions) from a measured vessel. */
export function reportVesselFromMeasurement(v: MeasuredVessel): { name: VesselName; spans: SegmentSpan[]; lesions: Lesion[] } {
  const spans = segmentSpans(v.name, v.lengthMm, v.landmarks ?? {});
  const lesions = v.lesions.map((l, i) => lesionFromMeasurement(l, spans, `${v.name}-L${i + 1}`));
  return { name: v.name, spans, lesions };
}
