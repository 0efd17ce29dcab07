// The vessel view's own state without DOM (src/study/vessel-view.ts): CPR angles and the nearest section.
import { describe, expect, it } from 'vitest';
import { dragAngleDeg, nearestIndex, normaliseDeg } from '../../../src/study/vessel-view.ts';

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
