/**
 * Accuracy helpers shared by the vessel tests: crops of the phantom around one vessel segment and the
 * comparison of a VesselAnalysis with the truth (centreline distance, lesion matching, %DS, grade, MLA).
 * Coordinates: LPS mm; arc lengths of the truth are measured from the vessel ostium.
 */
import { renderCase, caseByKey, type CaseKey } from '../../../sample-data/phantom/index.ts';
import type { ImagingOptions } from '../../../sample-data/phantom/index.ts';
import type { Truth, TruthLesion, TruthVessel } from '../../../sample-data/truth.ts';
import type { VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';

const truthCache = new Map<CaseKey, Truth>();

/** Truth of a case (rendered on a one-voxel ROI: cheap). */
export function caseTruth(key: CaseKey): Truth {
  let t = truthCache.get(key);
  if (!t) {
    t = renderCase(caseByKey(key), { roiLps: { min: [0, 0, 0], max: [0.5, 0.5, 0.5] } }).truth;
    truthCache.set(key, t);
  }
  return t;
}

export function vesselOf(t: Truth, name: string): TruthVessel {
  const v = t.vessels.find((x) => x.name === name);
  if (!v) throw new Error(`no vessel ${name} in ${t.caseId}`);
  return v;
}

export interface Segment {
  readonly vessel: TruthVessel;
  readonly s0: number;
  readonly s1: number;
  readonly fromLps: [number, number, number];
  readonly toLps: [number, number, number];
  readonly roiLps: { min: [number, number, number]; max: [number, number, number] };
}

/** The part of a vessel between arc lengths s0 and s1 with a crop box around it (margin mm). */
export function segmentOf(v: TruthVessel, s0: number, s1: number, marginMm = 7): Segment {
  const a = Math.max(0, s0), b = Math.min(v.lengthMm, s1);
  const pts = v.points.filter((p) => p.sMm >= a - 1e-6 && p.sMm <= b + 1e-6);
  const min = [0, 1, 2].map((k) => Math.min(...pts.map((p) => p.lps[k]!)) - marginMm) as [number, number, number];
  const max = [0, 1, 2].map((k) => Math.max(...pts.map((p) => p.lps[k]!)) + marginMm) as [number, number, number];
  return { vessel: v, s0: a, s1: b, fromLps: pts[0]!.lps, toLps: pts[pts.length - 1]!.lps, roiLps: { min, max } };
}

export function renderSegment(key: CaseKey, seg: Segment, opts: ImagingOptions = {}) {
  return renderCase(caseByKey(key), { ...opts, roiLps: seg.roiLps });
}

export function grade(ds: number): number {
  if (ds <= 0.5) return 0;
  if (ds < 25) return 1;
  if (ds < 50) return 2;
  if (ds < 70) return 3;
  if (ds < 99.5) return 4;
  return 5;
}

export interface LesionMatch {
  readonly truth: TruthLesion;
  readonly foundSMm: number | null;
  readonly dsMeasured: number;
  readonly dsError: number;
  readonly mlaRelError: number;
  readonly gradeOk: boolean;
}

export interface SegmentScore {
  readonly meanDistMm: number;
  readonly maxDistMm: number;
  readonly matches: LesionMatch[];
  /** measured lesions ≥ 25 % with no truth lesion within 3 mm */
  readonly falseLesions: { sMm: number; ds: number }[];
}

/** Truth arc length of an LPS point (nearest truth point). */
export function truthS(v: TruthVessel, p: readonly number[]): number {
  let best = Infinity, s = 0;
  for (const tp of v.points) {
    const d = (tp.lps[0] - p[0]!) ** 2 + (tp.lps[1] - p[1]!) ** 2 + (tp.lps[2] - p[2]!) ** 2;
    if (d < best) { best = d; s = tp.sMm; }
  }
  return s;
}

export function scoreSegment(a: VesselAnalysis, seg: Segment, lesions: readonly TruthLesion[], endMarginMm = 0): SegmentScore {
  const v = seg.vessel;
  const line = v.points.filter((p) => p.sMm >= seg.s0 - 2 && p.sMm <= seg.s1 + 2).map((p) => p.lps);
  const n = a.centreline.pointsLps.length;
  const skip = Math.round(endMarginMm / a.centreline.stepMm);
  const d = a.centreline.pointsLps.slice(skip, n - skip).map((p) => distanceToPolyline(p, line));
  const measured = a.lesions.map((l) => {
    const q = Math.min(n - 1, Math.round(l.sMm / a.centreline.stepMm));
    return { l, sTruth: truthS(v, a.centreline.pointsLps[q]!) };
  });
  const inSeg = lesions.filter((l) => l.vessel === v.name && l.sMm >= seg.s0 + 2 && l.sMm <= seg.s1 - 2);
  const matches: LesionMatch[] = inSeg.map((t) => {
    const near = measured.filter((m) => Math.abs(m.sTruth - t.sMm) <= 3 || (m.l.startSMm <= t.sMm - seg.s0 && m.l.endSMm >= t.sMm - seg.s0));
    near.sort((x, y) => y.l.diameterStenosisPct - x.l.diameterStenosisPct);
    const m = near[0];
    const ds = m ? m.l.diameterStenosisPct : 0;
    return {
      truth: t, foundSMm: m ? m.sTruth : null, dsMeasured: ds, dsError: ds - t.diameterStenosisPct,
      mlaRelError: m ? (m.l.mlaMm2 - t.mlaMm2) / t.mlaMm2 : NaN, gradeOk: grade(ds) === grade(t.diameterStenosisPct),
    };
  });
  const falseLesions = measured
    .filter((m) => m.l.diameterStenosisPct >= 25 && !lesions.some((t) => t.vessel === v.name && Math.abs(t.sMm - m.sTruth) <= Math.max(3, t.lengthMm / 2 + 2)))
    .map((m) => ({ sMm: m.sTruth, ds: m.l.diameterStenosisPct }));
  return { meanDistMm: d.reduce((x, y) => x + y, 0) / Math.max(1, d.length), maxDistMm: Math.max(...d), matches, falseLesions };
}

export function median(v: readonly number[]): number {
  const s = [...v].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}
