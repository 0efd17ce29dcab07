/** SCCT segments proposed along a named vessel (src/report/segments.ts) with boundaries the user can move. */
import { segmentAt, segmentSpans, type SegmentSpan, type VesselName } from '../../report/segments.ts';

/** The proposal, with its inner boundaries replaced by `boundariesMm` when given (clamped, kept ascending). */
export function vesselSpans(name: VesselName, lengthMm: number, boundariesMm?: readonly number[]): SegmentSpan[] {
  const spans = segmentSpans(name, lengthMm);
  if (!boundariesMm || boundariesMm.length !== spans.length - 1) return spans;
  const cuts: number[] = [];
  let prev = 0;
  for (const b of boundariesMm) {
    const c = Math.min(lengthMm, Math.max(prev, Number.isFinite(b) ? b : prev));
    cuts.push(c);
    prev = c;
  }
  return spans.map((sp, i) => ({ segment: sp.segment, startMm: i === 0 ? 0 : cuts[i - 1]!, endMm: i === spans.length - 1 ? lengthMm : cuts[i]! }));
}

/** Inner boundaries of spans (what the user moves). */
export function innerBoundariesMm(spans: readonly SegmentSpan[]): number[] {
  return spans.slice(0, -1).map((s) => s.endMm);
}

export function segmentOfLesion(spans: readonly SegmentSpan[], sMm: number): number {
  return segmentAt(spans, sMm);
}
