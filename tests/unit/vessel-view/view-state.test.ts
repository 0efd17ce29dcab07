// View-state logic of the vessel workflow (no DOM): angles, nearest sections, waypoint insertion, the
// per-study vessel store. Points are LPS mm.
import { describe, expect, it } from 'vitest';
import { createVesselStore, dragAngleDeg, insertWaypoint, nearestIndex, normaliseDeg, studyKeyOf, type PointLps } from '../../../src/viewer/vessel/view-state.ts';

describe('CPR angle', () => {
  it('normalises to [0, 360)', () => {
    expect(normaliseDeg(0)).toBe(0);
    expect(normaliseDeg(360)).toBe(0);
    expect(normaliseDeg(-90)).toBe(270);
    expect(normaliseDeg(725)).toBe(5);
    expect(() => normaliseDeg(NaN)).toThrow(/finite/);
  });
  it('turns by 360° for pxPerTurn pixels of drag, either way', () => {
    expect(dragAngleDeg(0, 180, 720)).toBe(90);
    expect(dragAngleDeg(10, -180, 720)).toBe(280);
    expect(dragAngleDeg(45, 720, 720)).toBe(45);
  });
});

describe('nearestIndex', () => {
  const s = [0, 0.25, 0.5, 0.75, 1];
  it('finds the nearest value of an ascending array', () => {
    expect(nearestIndex(s, 0.6)).toBe(2);
    expect(nearestIndex(s, 0.63)).toBe(3);
    expect(nearestIndex(s, -4)).toBe(0);
    expect(nearestIndex(s, 9)).toBe(4);
    expect(nearestIndex(Float64Array.from([3]), 1)).toBe(0);
  });
  it('refuses an empty array', () => expect(() => nearestIndex([], 1)).toThrow(/empty/));
});

describe('insertWaypoint', () => {
  const a: PointLps = [0, 0, 0], b: PointLps = [10, 0, 0], c: PointLps = [20, 0, 0];
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
    v.segmentBoundariesMm = [12];
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
    expect(studyKeyOf('coro-1-2.25.1234')).toBe(studyKeyOf('coro-7-2.25.1234'));
    expect(studyKeyOf('coro-1-2.25.1234')).not.toBe(studyKeyOf('coro-1-2.25.999'));
  });
});
