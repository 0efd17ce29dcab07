// SCCT segment assignment along a traced vessel; positions are arc lengths (mm) from the centreline start.
import { describe, expect, it } from 'vitest';
import { assignSegment, segmentName, segmentSpans, segmentsInRange } from '../../../src/report/segments.ts';

describe('segment names', () => {
  it('French and English', () => {
    expect(segmentName(5, 'fr')).toBe('tronc commun');
    expect(segmentName(6, 'fr')).toBe('IVA proximale');
    expect(segmentName(11, 'fr')).toBe('circonflexe proximale');
    expect(segmentName(16, 'fr')).toContain('rétroventriculaire');
    expect(segmentName(4, 'fr')).toContain('IVP');
    expect(segmentName(9, 'fr')).toContain('diagonale');
    expect(segmentName(12, 'fr')).toContain('marginale');
    expect(segmentName(1, 'en')).toBe('proximal RCA');
    expect(() => segmentName(19, 'en')).toThrow(/1–18/);
  });
});

describe('segment spans', () => {
  it('LAD with landmarks: LM end, D1 origin, half-way to the apex', () => {
    const spans = segmentSpans('LAD', 120, { lmEndMm: 10, d1OriginMm: 30 });
    expect(spans).toEqual([
      { segment: 5, startMm: 0, endMm: 10 },
      { segment: 6, startMm: 10, endMm: 30 },
      { segment: 7, startMm: 30, endMm: 75 },
      { segment: 8, startMm: 75, endMm: 120 },
    ]);
    expect(assignSegment('LAD', 9.99, 120, { lmEndMm: 10, d1OriginMm: 30 })).toBe(5);
    expect(assignSegment('LAD', 10, 120, { lmEndMm: 10, d1OriginMm: 30 })).toBe(6);
    expect(assignSegment('LAD', 74.9, 120, { lmEndMm: 10, d1OriginMm: 30 })).toBe(7);
    expect(assignSegment('LAD', 200, 120, { lmEndMm: 10, d1OriginMm: 30 })).toBe(8);
  });
  it('LAD default proposal without landmarks: starts at the bifurcation, 20 mm proximal segment', () => {
    expect(segmentSpans('LAD', 100).map((s) => [s.segment, s.startMm, s.endMm])).toEqual([
      [6, 0, 20], [7, 20, 60], [8, 60, 100],
    ]);
    // traced from the aortic ostium: a 10 mm LM first
    expect(segmentSpans('LAD', 110, { fromAorticOstium: true })[0]).toEqual({ segment: 5, startMm: 0, endMm: 10 });
  });
  it('RCA: half-way to the acute margin, acute margin, crux, PLB beyond', () => {
    expect(segmentSpans('RCA', 120, { acuteMarginMm: 50, cruxMm: 90 }).map((s) => [s.segment, s.endMm])).toEqual([
      [1, 25], [2, 50], [3, 90], [16, 120],
    ]);
    expect(segmentSpans('RCA', 80).map((s) => [s.segment, s.endMm])).toEqual([[1, 30], [2, 60], [3, 80]]);
  });
  it('LCx: OM1 origin, L-PLB beyond the L-PDA origin', () => {
    expect(segmentSpans('LCx', 90, { om1OriginMm: 25, cruxMm: 70 }).map((s) => s.segment)).toEqual([11, 13, 18]);
    expect(assignSegment('LCx', 24, 90, { om1OriginMm: 25 })).toBe(11);
    expect(assignSegment('LCx', 26, 90, { om1OriginMm: 25 })).toBe(13);
  });
  it('branches: own segment, or the parent first when traced from upstream', () => {
    expect(segmentSpans('D1', 50)).toEqual([{ segment: 9, startMm: 0, endMm: 50 }]);
    expect(segmentSpans('R-PDA', 40)).toEqual([{ segment: 4, startMm: 0, endMm: 40 }]);
    const d1 = segmentSpans('D1', 80, { lmEndMm: 10, branchOriginMm: 30 });
    expect(d1.map((s) => [s.segment, s.startMm, s.endMm])).toEqual([[5, 0, 10], [6, 10, 30], [9, 30, 80]]);
    const om1 = segmentSpans('OM1', 70, { branchOriginMm: 20 });
    expect(om1.map((s) => s.segment)).toEqual([11, 12]);
    const pda = segmentSpans('R-PDA', 130, { branchOriginMm: 90, acuteMarginMm: 60 });
    expect(pda.map((s) => s.segment)).toEqual([1, 2, 3, 4]);
    expect(segmentSpans('ramus', 50, { lmEndMm: 8 }).map((s) => s.segment)).toEqual([5, 17]);
  });
  it('segments touched by a lesion range', () => {
    const spans = segmentSpans('LAD', 120, { lmEndMm: 10, d1OriginMm: 30 });
    expect(segmentsInRange(spans, 23, 37)).toEqual([6, 7]);
    expect(segmentsInRange(spans, 24, 30)).toEqual([6]);
    expect(segmentsInRange(spans, 5, 12)).toEqual([5, 6]);
  });
  it('refuses a non-positive length', () => {
    expect(() => segmentSpans('LAD', 0)).toThrow(/length/);
  });
});
