/**
 * Scoring one measured series against its truth: lesion matching (the measured MLA within ±3 mm of the
 * truth extent, positions compared on the truth path), %DS and MLA errors, CAD-RADS bins, false lesions,
 * and the centreline's mean distance and Hausdorff distance to the truth path.
 */
import type { MeasureJson } from '../../src/cli/measure.ts';
import type { SeriesTruth, TruthLesion } from '../generator/truth.ts';

export const MATCH_TOLERANCE_MM = 3;
/** CAD-RADS reporting threshold: narrower stenoses are graded 1 (1–24 %). */
export const REPORTED_PCT = 25;

export type Bin = '0' | '1-24' | '25-49' | '50-69' | '70-99' | '100';
export const BINS: readonly Bin[] = ['0', '1-24', '25-49', '50-69', '70-99', '100'];

/** CAD-RADS 2.0 stenosis bin of a diameter stenosis (%), as printed with one decimal. */
export function cadradsBin(dsPct: number): Bin {
  const v = Math.round(dsPct * 10) / 10;
  if (v <= 0) return '0';
  if (v < 25) return '1-24';
  if (v < 50) return '25-49';
  if (v < 70) return '50-69';
  if (v < 100) return '70-99';
  return '100';
}

export interface MatchedMeasure {
  readonly dsPct: number;
  readonly mlaMm2: number;
  readonly referenceDiameterMm: number;
  /** measured positions carried onto the truth path (arc length from the proximal seed, mm) */
  readonly sMm: number;
  readonly startSMm: number;
  readonly endSMm: number;
  /** reported "not assessable" (the image does not hold its figure); still scored by its measured figure */
  readonly uncertain: boolean;
}

export interface LesionResult {
  readonly seriesId: string;
  readonly truth: TruthLesion;
  readonly psfFwhmInPlaneMm: number;
  readonly noiseSdHu: number;
  readonly smallVessel: boolean;
  readonly measured: MatchedMeasure | null;
  /** measured − truth %DS (a missed lesion counts as measured 0 %) */
  readonly dsErrorPct: number;
  readonly binTruth: Bin;
  readonly binMeasured: Bin;
  /** |measured MLA − truth MLA| / truth MLA (null for occlusions or misses) */
  readonly mlaRelError: number | null;
  /** residual lumen visible in the image, reported as 100 % */
  readonly visibleReadAsOcclusion: boolean;
  /** occlusions: read 100 % with the measured position inside the lumen-less run (± 0.5 mm); null otherwise */
  readonly occlusionInRun: boolean | null;
}

export interface SeriesResult {
  readonly id: string;
  readonly error: string | null;
  readonly measureMs: number;
  readonly lesions: LesionResult[];
  /** measured lesions ≥ 25 % matching no truth lesion (or a second report of one) */
  readonly falseLesions: MatchedMeasure[];
  readonly centreline: { readonly meanMm: number; readonly hausdorffMm: number } | null;
  readonly imaging: SeriesTruth['imaging'];
}

type P3 = readonly [number, number, number];

/** Cumulative arc length of a polyline. */
function arcLengths(pts: readonly P3[]): number[] {
  const s = [0];
  for (let q = 1; q < pts.length; q++) s.push(s[q - 1]! + Math.hypot(pts[q]![0] - pts[q - 1]![0], pts[q]![1] - pts[q - 1]![1], pts[q]![2] - pts[q - 1]![2]));
  return s;
}

/** Nearest point of a polyline: distance and arc length there. */
export function projectOnPolyline(pts: readonly P3[], arc: readonly number[], p: readonly number[]): { distanceMm: number; sMm: number } {
  let best = Infinity, bestS = 0;
  for (let q = 0; q + 1 < pts.length; q++) {
    const a = pts[q]!, b = pts[q + 1]!;
    const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const ap = [p[0]! - a[0], p[1]! - a[1], p[2]! - a[2]];
    const l2 = ab[0]! ** 2 + ab[1]! ** 2 + ab[2]! ** 2;
    const t = l2 > 0 ? Math.min(1, Math.max(0, (ap[0]! * ab[0]! + ap[1]! * ab[1]! + ap[2]! * ab[2]!) / l2)) : 0;
    const d = Math.hypot(ap[0]! - t * ab[0]!, ap[1]! - t * ab[1]!, ap[2]! - t * ab[2]!);
    if (d < best) { best = d; bestS = arc[q]! + t * (arc[q + 1]! - arc[q]!); }
  }
  if (pts.length === 1) best = Math.hypot(p[0]! - pts[0]![0], p[1]! - pts[0]![1], p[2]! - pts[0]![2]);
  return { distanceMm: best, sMm: bestS };
}

/** LPS point at arc length s of the measured centreline (its profile carries s per point). */
function pointAtS(j: MeasureJson, sMm: number): P3 {
  const pts = j.centreline.pointsMm, prof = j.profile;
  if (pts.length === 0) return [NaN, NaN, NaN];
  let q = 0;
  while (q + 1 < prof.length && prof[q + 1]!.sMm < sMm) q++;
  if (q + 1 >= pts.length) return pts[pts.length - 1]!;
  const s0 = prof[q]!.sMm, s1 = prof[q + 1]!.sMm;
  const t = s1 > s0 ? Math.min(1, Math.max(0, (sMm - s0) / (s1 - s0))) : 0;
  const a = pts[q]!, b = pts[q + 1]!;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])];
}

export function centrelineDistance(measured: readonly P3[], truth: readonly P3[]): { meanMm: number; hausdorffMm: number } {
  const ta = arcLengths(truth), ma = arcLengths(measured);
  let sum = 0, h = 0;
  for (const p of measured) {
    const d = projectOnPolyline(truth, ta, p).distanceMm;
    sum += d; h = Math.max(h, d);
  }
  for (let q = 0; q < truth.length; q += 2) h = Math.max(h, projectOnPolyline(measured, ma, truth[q]!).distanceMm);
  return { meanMm: measured.length > 0 ? sum / measured.length : Infinity, hausdorffMm: h };
}

export function scoreSeries(truth: SeriesTruth, json: MeasureJson | null, error: string | null, measureMs: number): SeriesResult {
  const path = truth.pathLps as P3[];
  const arc = arcLengths(path);
  const measured: MatchedMeasure[] = (json?.lesions ?? []).map((l) => ({
    dsPct: l.diameterStenosisPct, mlaMm2: l.mlaMm2, referenceDiameterMm: l.referenceDiameterMm,
    sMm: projectOnPolyline(path, arc, pointAtS(json!, l.sMm)).sMm,
    startSMm: projectOnPolyline(path, arc, pointAtS(json!, l.startSMm)).sMm,
    endSMm: projectOnPolyline(path, arc, pointAtS(json!, l.endSMm)).sMm,
    uncertain: l.uncertain === true,
  }));
  // each measured lesion goes to the truth lesion whose extent (± tolerance) holds its MLA, nearest MLA first
  const owner = measured.map((m) => {
    let best = -1, bd = Infinity;
    truth.lesions.forEach((t, k) => {
      if (m.sMm < t.startSMm - MATCH_TOLERANCE_MM || m.sMm > t.endSMm + MATCH_TOLERANCE_MM) return;
      const d = Math.abs(m.sMm - t.sMm);
      if (d < bd) { bd = d; best = k; }
    });
    return best;
  });
  const falseLesions: MatchedMeasure[] = [];
  const lesions: LesionResult[] = truth.lesions.map((t, k) => {
    const mine = measured.filter((_, q) => owner[q] === k).sort((a, b) => b.dsPct - a.dsPct);
    const m = mine[0] ?? null;
    for (const extra of mine.slice(1)) if (extra.dsPct >= REPORTED_PCT) falseLesions.push(extra);
    const ds = m?.dsPct ?? 0;
    return {
      seriesId: truth.id, truth: t, psfFwhmInPlaneMm: truth.imaging.psfFwhmInPlaneMm, noiseSdHu: truth.imaging.noiseSdHu, smallVessel: truth.smallVessel,
      measured: m, dsErrorPct: ds - t.dsPct, binTruth: cadradsBin(t.dsPct), binMeasured: cadradsBin(ds),
      mlaRelError: m && !t.occluded && t.mlaMm2 > 0 ? Math.abs(m.mlaMm2 - t.mlaMm2) / t.mlaMm2 : null,
      visibleReadAsOcclusion: !!m && t.lumenVisible && cadradsBin(m.dsPct) === '100',
      occlusionInRun: t.occlusionRunMm ? !!m && cadradsBin(m.dsPct) === '100' && m.sMm >= t.occlusionRunMm[0] - 0.5 && m.sMm <= t.occlusionRunMm[1] + 0.5 : null,
    };
  });
  measured.forEach((m, q) => { if (owner[q] === -1 && m.dsPct >= REPORTED_PCT) falseLesions.push(m); });
  const centreline = json ? centrelineDistance(json.centreline.pointsMm, path) : null;
  return { id: truth.id, error, measureMs, lesions, falseLesions, centreline, imaging: truth.imaging };
}
