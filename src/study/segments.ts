/**
 * SCCT segments along a named vessel (src/report/segments.ts) with boundaries the user can move. The proposal
 * comes from the vessel's landmarks (src/report/segment-propose.ts); the record keeps its inner boundaries.
 */
import { proposeSegments } from '../report/segment-propose.ts';
import { segmentSpans, type SegmentSpan, type VesselLandmarksMm, type VesselName } from '../report/segments.ts';
import type { Lps } from '../volume/volume.ts';
import type { VesselRecord, VesselStore } from './vessel-store.ts';

function withCuts(spans: readonly SegmentSpan[], lengthMm: number, boundariesMm: readonly number[]): SegmentSpan[] {
  const cuts: number[] = [];
  let prev = 0;
  for (const b of boundariesMm) {
    const c = Math.min(lengthMm, Math.max(prev, Number.isFinite(b) ? b : prev));
    cuts.push(c);
    prev = c;
  }
  return spans.map((sp, i) => ({ segment: sp.segment, startMm: i === 0 ? 0 : cuts[i - 1]!, endMm: i === spans.length - 1 ? lengthMm : cuts[i]! }));
}

/**
 * The spans of a vessel: from `landmarks` (or the length default), with their inner boundaries replaced by
 * `boundariesMm` when given (clamped, kept ascending). Boundaries saved from a landmark proposal may hold one
 * more segment than the length default (the LM before a LAD/LCx traced from the aorta, the parent before a
 * branch traced from upstream, the PLB beyond the crux): the segment sequence with that count is used.
 */
export function vesselSpans(name: VesselName, lengthMm: number, boundariesMm?: readonly number[], landmarks?: VesselLandmarksMm): SegmentSpan[] {
  const spans = segmentSpans(name, lengthMm, landmarks);
  if (!boundariesMm) return spans;
  if (boundariesMm.length === spans.length - 1) return withCuts(spans, lengthMm, boundariesMm);
  const last = boundariesMm[boundariesMm.length - 1] ?? lengthMm / 2;
  const variants: VesselLandmarksMm[] = [
    {}, { fromAorticOstium: true }, { branchOriginMm: last }, { cruxMm: last }, { fromAorticOstium: true, cruxMm: last },
  ];
  for (const lm of variants) {
    const v = segmentSpans(name, lengthMm, lm);
    if (v.length === boundariesMm.length + 1) return withCuts(v, lengthMm, boundariesMm);
  }
  return spans;
}

/** Inner boundaries of spans (what the user moves). */
export function innerBoundariesMm(spans: readonly SegmentSpan[]): number[] {
  return spans.slice(0, -1).map((s) => s.endMm);
}

/** A moved border: border `i` to `sMm`, kept between its neighbours (a new array). */
export function moveBorder(boundariesMm: readonly number[], i: number, sMm: number, lengthMm: number): number[] {
  if (!Number.isInteger(i) || i < 0 || i >= boundariesMm.length) throw new Error(`segment border must be an integer in [0, ${boundariesMm.length - 1}], got ${i}`);
  const lo = i > 0 ? boundariesMm[i - 1]! : 0, hi = i + 1 < boundariesMm.length ? boundariesMm[i + 1]! : lengthMm;
  const out = [...boundariesMm];
  out[i] = Math.min(hi, Math.max(lo, sMm));
  return out;
}

/**
 * Proposes the segments of every named vessel of a study whose borders are not the user's, from its landmarks
 * among the study's traced vessels (run again when a vessel is traced, named or deleted: a branch traced later
 * moves its parent's borders). Vessels without a centreline are left as they are.
 */
export function refreshSegmentProposals(
  store: VesselStore,
  vessels: readonly { record: VesselRecord; pointsLps: readonly Lps[] | undefined; imageBranchesMm?: readonly number[] }[],
): void {
  const traced = vessels.filter((v) => v.pointsLps && v.pointsLps.length >= 2);
  for (const v of traced) {
    const r = v.record;
    if (!r.name || (r.segmentBoundariesMm !== undefined && !r.segmentBordersProposed)) continue;
    const others = traced.filter((o) => o !== v).map((o) => ({ name: o.record.name, pointsLps: o.pointsLps! }));
    const { spans, landmarks } = proposeSegments(r.name, v.pointsLps!, others, { imageBranchesMm: v.imageBranchesMm });
    store.proposeBorders(r.id, innerBoundariesMm(spans), landmarks);
  }
}
