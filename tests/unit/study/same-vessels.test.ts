// sameVessels: an imported work whose vessels are the ones already measured needs no re-measure (LPS mm).
import { describe, expect, it } from 'vitest';
import { sameVessels } from '../../../src/study/same-vessels.ts';
import type { VesselRestore } from '../../../src/study/vessel-store.ts';
import type { VesselSnapshot } from '../../../src/study/work-model.ts';

const snap: VesselSnapshot = {
  id: 'v1', name: 'LAD', pointsLps: [[1, 2, 3], [4, 5, 6]], referenceSMm: [2, 30], segmentBoundariesMm: undefined,
  measured: { lengthMm: 100, lesions: [] },
};
const saved: VesselRestore = { name: 'LAD', pointsLps: [[1, 2, 3], [4, 5, 6]], referenceSMm: [2, 30], segmentBoundariesMm: [10, 30], segmentBordersProposed: false };

describe('sameVessels', () => {
  it('is true for the same measured vessels', () => expect(sameVessels([snap], [saved])).toBe(true));
  it('is false when a point moved, a name differs, a vessel is missing or not measured yet', () => {
    expect(sameVessels([snap], [{ ...saved, pointsLps: [[1, 2, 3], [4, 5, 6.5]] }])).toBe(false);
    expect(sameVessels([snap], [{ ...saved, name: 'RCA' }])).toBe(false);
    expect(sameVessels([snap], [saved, { ...saved, name: 'RCA' }])).toBe(false);
    expect(sameVessels([{ ...snap, measured: undefined }], [saved])).toBe(false);
    expect(sameVessels([snap], [{ ...saved, referenceSMm: undefined }])).toBe(false);
  });
});
