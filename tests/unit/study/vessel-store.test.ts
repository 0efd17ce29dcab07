// The vessel store without DOM: waypoint insertion, the per-study vessel store and its commands. Points are LPS mm.
import { describe, expect, it } from 'vitest';
import { createVesselStore, insertWaypoint, studyKeyOf } from '../../../src/study/vessel-store.ts';
import type { Lps } from '../../../src/volume/volume.ts';

describe('insertWaypoint', () => {
  const a: Lps = [0, 0, 0], b: Lps = [10, 0, 0], c: Lps = [20, 0, 0];
  it('goes between the two points whose detour is shortest', () => {
    expect(insertWaypoint([a, c], [12, 1, 0])).toEqual([a, [12, 1, 0], c]);
    expect(insertWaypoint([a, b, c], [15, 2, 0])).toEqual([a, b, [15, 2, 0], c]);
    expect(insertWaypoint([a, b, c], [4, -1, 0])).toEqual([a, [4, -1, 0], b, c]);
  });
  it('keeps the ostium first and the distal end last', () => {
    const out = insertWaypoint([a, c], [-5, 0, 0]);
    expect(out[0]).toEqual(a);
    expect(out[out.length - 1]).toEqual(c);
  });
});

describe('vessel store', () => {
  it('keeps the vessels of each study apart and across studies', () => {
    const st = createVesselStore();
    const v1 = st.add('study-A', [1, 2, 3]);
    const v2 = st.add('study-B', [4, 5, 6]);
    expect(st.selectedId).toBe(v2.id);
    expect(st.list('study-A').map((v) => v.id)).toEqual([v1.id]);
    expect(st.list('study-B').map((v) => v.id)).toEqual([v2.id]);
    st.select(v1.id);
    expect(st.selectedId).toBe(v1.id);
  });
  it('renames with SCCT vessel names only, and a new name drops moved segment borders', () => {
    const st = createVesselStore();
    const v = st.add('s', [0, 0, 0]);
    st.moveBorders(v.id, [12]);
    st.rename(v.id, 'LAD');
    expect(st.get(v.id)?.name).toBe('LAD');
    expect(st.get(v.id)?.segmentBoundariesMm).toBeUndefined();
    expect(() => st.rename(v.id, 'LDA')).toThrow(/unknown vessel name/);
  });
  it('shows/hides and deletes; deleting the selected one clears the selection', () => {
    const st = createVesselStore();
    const v = st.add('s', [0, 0, 0]);
    st.setVisible(v.id, false);
    expect(st.get(v.id)?.visible).toBe(false);
    st.remove(v.id);
    expect(st.get(v.id)).toBeUndefined();
    expect(st.selectedId).toBeUndefined();
    expect(() => st.select('nope')).toThrow(/no vessel/);
  });
  it('maps a reopened series to the same study key', () => {
    expect(studyKeyOf('coro-3fa9c01b-2.25.1234')).toBe(studyKeyOf('coro-00e7d2a4-2.25.1234'));
    expect(studyKeyOf('coro-3fa9c01b-2.25.1234')).toBe('2.25.1234');
    expect(studyKeyOf('coro-1-2.25.1234')).not.toBe(studyKeyOf('coro-1-2.25.999'));
  });
  it('every command says which vessel changed; records change only through commands', () => {
    const st = createVesselStore();
    const seen: string[] = [];
    st.events.on('changed', (e) => seen.push(`${e.studyKey}/${e.id}`));
    const v = st.add('s', [0, 0, 0]);
    st.setPoints(v.id, [[0, 0, 0], [0, 0, 10]]);
    st.setReference(v.id, [1, 9]);
    st.setStatus(v.id, 'failed', 'no path');
    st.proposeBorders(v.id, [4], {});
    expect(v.segmentBordersProposed).toBe(true);
    st.moveBorders(v.id, [5]);
    expect(v.segmentBordersProposed).toBe(false);
    st.clearBorders(v.id);
    expect(seen).toEqual(Array(7).fill(`s/${v.id}`));
    expect([v.pointsLps.length, v.referenceSMm, v.status, v.error, v.segmentBoundariesMm]).toEqual([2, [1, 9], 'failed', 'no path', undefined]);
  });
  it('restores a study from saved vessels, replacing the ones it had', () => {
    const st = createVesselStore();
    const old = st.add('s', [0, 0, 0]);
    const back = st.restore('s', [
      { name: 'RCA', pointsLps: [[1, 1, 1], [2, 2, 2]], referenceSMm: [1, 5], segmentBoundariesMm: [3], segmentBordersProposed: true },
      { name: 'LAD', pointsLps: [[1, 1, 1]], referenceSMm: undefined, segmentBoundariesMm: undefined, segmentBordersProposed: false },
    ]);
    expect(st.get(old.id)).toBeUndefined();
    expect(back.map((v) => [v.name, v.referenceSMm, v.segmentBoundariesMm, v.segmentBordersProposed, v.status])).toEqual([['RCA', [1, 5], [3], true, 'tracing']]);
    expect(st.list('s')).toEqual(back);
  });
});
