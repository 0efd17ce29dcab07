// sameVessels: an imported work whose vessels are the ones already measured needs no re-measure (LPS mm);
// measureVessels: a re-measure reuses the vessel worker's volume when the controller can (no second copy).
import { describe, expect, it } from 'vitest';
import type { VesselController } from '../../../src/viewer/vessel/vessel-controller.ts';
import { measureVessels, sameVessels } from '../../../src/ui/report/vessel-bridge.ts';
import type { VesselSnapshot, VesselRestore } from '../../../src/ui/report/work-model.ts';

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

describe('measureVessels', () => {
  it('reuses the volume in the vessel worker when the controller has measureStudy', () => {
    const calls: string[] = [];
    const c = { measureStudy() { calls.push(this === c ? 'measureStudy' : 'unbound'); } } as unknown as VesselController;
    expect(measureVessels(c, () => calls.push('resend'))).toBe('reused');
    expect(calls).toEqual(['measureStudy']);
  });
  it('falls back to sending the volume again otherwise', () => {
    const calls: string[] = [];
    expect(measureVessels({} as VesselController, () => calls.push('resend'))).toBe('resent');
    expect(calls).toEqual(['resend']);
  });
});
