// The slices' order from the QIDO-RS listing (src/pacs/slice-order.ts): sorted along the normal of the
// orientation (row × column cosines), whatever order the server lists them in; the middle slice(s); and
// no order (undefined) when the listing cannot tell. Coordinates: LPS mm.
import { describe, expect, it } from 'vitest';
import { sliceOrder } from '../../../src/pacs/slice-order.ts';
import type { InstanceSummary } from '../../../src/pacs/dicom-json.ts';

const AXIAL = [1, 0, 0, 0, 1, 0];
const at = (sopUid: string, z: number, orientation: readonly number[] | undefined = AXIAL, x = 0): InstanceSummary => ({ sopUid, positionLps: [x, 10, z], orientation });

describe('slice order from the listing', () => {
  it('sorts along the normal (axial: +z) and names the middle slice', () => {
    const o = sliceOrder([at('c', 5), at('a', -5), at('e', 15), at('b', 0), at('d', 10)])!;
    expect(o.sortedSops).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(o.normalMm).toEqual([-5, 0, 5, 10, 15]);
    expect(o.middleSops).toEqual(['c']);
    expect(o.positionsLps.get('d')).toEqual([0, 10, 10]);
  });

  it('an even count has two middle slices (the view centre lies between them)', () => {
    expect(sliceOrder([at('a', 0), at('b', 1), at('c', 2), at('d', 3)])!.middleSops).toEqual(['b', 'c']);
  });

  it('sorts along an oblique normal, not along z', () => {
    // rows along +x, columns along (0, cos 30°, −sin 30°): normal = (0, sin 30°, cos 30°)
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const tilt = [1, 0, 0, 0, c, -s];
    const slice = (sop: string, t: number): InstanceSummary => ({ sopUid: sop, positionLps: [3, t * s - 40 * c, t * c + 40 * s], orientation: tilt });
    const o = sliceOrder([slice('p2', 2), slice('p0', 0), slice('p1', 1)])!;
    expect(o.sortedSops).toEqual(['p0', 'p1', 'p2']);
    o.normalMm.forEach((mm, i) => expect(mm).toBeCloseTo(i, 9));
  });

  it('tells no order when a position or the orientation is missing, orientations differ, or two slices share a place', () => {
    expect(sliceOrder([at('a', 0), { sopUid: 'b', positionLps: undefined, orientation: AXIAL }])).toBeUndefined();
    expect(sliceOrder([at('a', 0), { sopUid: 'b', positionLps: [0, 10, 1], orientation: undefined }])).toBeUndefined();
    expect(sliceOrder([at('a', 0), at('b', 1, [1, 0, 0, 0, 0, -1])])).toBeUndefined();
    expect(sliceOrder([at('a', 0), at('b', 0, AXIAL, 7)])).toBeUndefined();
    expect(sliceOrder([])).toBeUndefined();
  });
});
