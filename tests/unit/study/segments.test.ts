// SCCT segments along a named vessel with user-moved borders (arc length, mm).
import { describe, expect, it } from 'vitest';
import { segmentAt, segmentSpans } from '../../../src/report/segments.ts';
import { innerBoundariesMm, moveBorder, refreshSegmentProposals, vesselSpans } from '../../../src/study/segments.ts';
import { createVesselStore } from '../../../src/study/vessel-store.ts';

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
    expect(segmentAt(spans, 1)).toBe(spans[0]!.segment);
    expect(segmentAt(spans, 119)).toBe(spans[spans.length - 1]!.segment);
  });
  it('a wrong number of borders is ignored', () => {
    expect(vesselSpans('LAD', 120, [1, 2, 3, 4, 5, 6])).toEqual(segmentSpans('LAD', 120));
  });
  it('landmarks shape the proposal; boundaries saved from it keep its segment sequence without the landmarks', () => {
    const lm = { fromAorticOstium: true, lmEndMm: 12, d1OriginMm: 30 };
    const spans = vesselSpans('LAD', 140, undefined, lm);
    expect(spans.map((s) => s.segment)).toEqual([5, 6, 7, 8]);
    expect(spans[0]!.endMm).toBe(12);
    expect(spans[1]!.endMm).toBe(30);
    // what the report reads: name, length and the saved boundaries only
    const again = vesselSpans('LAD', 140, innerBoundariesMm(spans));
    expect(again).toEqual(spans);
    const rca = vesselSpans('RCA', 130, undefined, { cruxMm: 110, acuteMarginMm: 50 });
    expect(rca.map((s) => s.segment)).toEqual([1, 2, 3, 16]);
    expect(vesselSpans('RCA', 130, innerBoundariesMm(rca))).toEqual(rca);
    const d1 = vesselSpans('D1', 80, undefined, { branchOriginMm: 18 });
    expect(d1.map((s) => s.segment)).toEqual([6, 9]);
    expect(vesselSpans('D1', 80, innerBoundariesMm(d1))).toEqual(d1);
  });
  it('moveBorder keeps a border between its neighbours', () => {
    expect(moveBorder([10, 30, 60], 1, 45, 100)).toEqual([10, 45, 60]);
    expect(moveBorder([10, 30, 60], 1, 5, 100)).toEqual([10, 10, 60]);
    expect(moveBorder([10, 30, 60], 2, 500, 100)).toEqual([10, 30, 100]);
    expect(() => moveBorder([10], 3, 1, 100)).toThrow(/border/);
  });
  it('refreshSegmentProposals: proposals follow the traced vessels; moved or restored borders stay', () => {
    const lad = Array.from({ length: 481 }, (_, i) => [0, 0, -i * 0.25] as [number, number, number]); // 120 mm
    const d1At = (s: number) => Array.from({ length: 100 }, (_, i) => [i * 0.2, 0, -s - i * 0.15] as [number, number, number]);
    const store = createVesselStore();
    const named = (name: string) => {
      const r = store.add('k', [0, 0, 0]);
      store.rename(r.id, name);
      return r;
    };
    const ladRec = named('LAD'), d1Rec = named('D1');
    refreshSegmentProposals(store, [{ record: ladRec, pointsLps: lad }]);
    expect(ladRec.segmentBordersProposed).toBe(true);
    expect(ladRec.segmentBoundariesMm).toEqual(innerBoundariesMm(segmentSpans('LAD', 120)));
    // D1 traced at 27 mm: segment 6 of the LAD now ends there
    refreshSegmentProposals(store, [{ record: ladRec, pointsLps: lad }, { record: d1Rec, pointsLps: d1At(27) }]);
    expect(ladRec.segmentBoundariesMm![0]).toBeCloseTo(27, 5);
    expect(ladRec.segmentLandmarksMm?.d1OriginMm).toBeCloseTo(27, 5);
    // moved by the user: kept when D1 is traced again elsewhere
    store.moveBorders(ladRec.id, moveBorder(ladRec.segmentBoundariesMm!, 0, 31, 120));
    expect(ladRec.segmentBordersProposed).toBe(false);
    refreshSegmentProposals(store, [{ record: ladRec, pointsLps: lad }, { record: d1Rec, pointsLps: d1At(40) }]);
    expect(ladRec.segmentBoundariesMm![0]).toBe(31);
    // restored from saved work as the user's borders: kept; a restored proposal follows; unnamed or untraced: untouched
    const [restored, proposal] = store.restore('r', [
      { name: 'LAD', pointsLps: [[0, 0, 0], [0, 0, -120]], referenceSMm: undefined, segmentBoundariesMm: [12, 50], segmentBordersProposed: false },
      { name: 'RCA', pointsLps: [[0, 0, 0], [0, 0, -120]], referenceSMm: undefined, segmentBoundariesMm: [12, 50], segmentBordersProposed: true },
    ]);
    const unnamed = store.add('r', [0, 0, 0]);
    refreshSegmentProposals(store, [{ record: restored!, pointsLps: lad }, { record: proposal!, pointsLps: lad }, { record: unnamed, pointsLps: d1At(40) }, { record: d1Rec, pointsLps: undefined }]);
    expect(restored!.segmentBoundariesMm).toEqual([12, 50]);
    expect(proposal!.segmentBoundariesMm).toEqual(innerBoundariesMm(segmentSpans('RCA', 120)));
    expect(unnamed.segmentBoundariesMm).toBeUndefined();
  });
});
