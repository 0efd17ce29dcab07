// SCCT segments along a named vessel with user-moved borders (arc length, mm).
import { describe, expect, it } from 'vitest';
import { segmentSpans } from '../../../src/report/segments.ts';
import { innerBoundariesMm, segmentOfLesion, vesselSpans } from '../../../src/viewer/vessel/segments-view.ts';

describe('vessel segments', () => {
  it('without moved borders is the report proposal', () => {
    expect(vesselSpans('LAD', 120)).toEqual(segmentSpans('LAD', 120));
  });
  it('moved borders replace the inner borders, clamped to the vessel and kept ascending', () => {
    const base = vesselSpans('LAD', 120);
    expect(base.length).toBeGreaterThan(1);
    const inner = innerBoundariesMm(base);
    const moved = inner.map((b, i) => (i === 0 ? b + 5 : b));
    const spans = vesselSpans('LAD', 120, moved);
    expect(spans[0]!.endMm).toBeCloseTo(inner[0]! + 5, 10);
    expect(spans[1]!.startMm).toBeCloseTo(inner[0]! + 5, 10);
    expect(spans[spans.length - 1]!.endMm).toBe(120);
    const wild = vesselSpans('LAD', 120, inner.map(() => 500));
    for (const s of wild) expect(s.endMm).toBeLessThanOrEqual(120);
    for (let i = 1; i < wild.length; i++) expect(wild[i]!.startMm).toBeGreaterThanOrEqual(wild[i - 1]!.startMm);
  });
  it('a lesion takes the segment its MLA lies in', () => {
    const spans = vesselSpans('LAD', 120);
    expect(segmentOfLesion(spans, 1)).toBe(spans[0]!.segment);
    expect(segmentOfLesion(spans, 119)).toBe(spans[spans.length - 1]!.segment);
  });
  it('a wrong number of borders is ignored', () => {
    expect(vesselSpans('LAD', 120, [1, 2, 3, 4, 5, 6])).toEqual(segmentSpans('LAD', 120));
  });
});
