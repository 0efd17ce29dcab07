// CAT08-style scoring on hand-made polylines (LPS mm): exact overlaps, distances and false lengths.
import { describe, expect, it } from 'vitest';
import { distanceToPolylineMm, scoreTree } from '../../../src/tree/score.ts';
import type { Lps } from '../../../src/volume/volume.ts';

const line = (x0: number, x1: number, y = 0, step = 0.25): Lps[] => Array.from({ length: Math.round((x1 - x0) / step) + 1 }, (_, q) => [x0 + q * step, y, 0]);

describe('tree score', () => {
  it('distance to a polyline', () => {
    expect(distanceToPolylineMm([5, 3, 0], line(0, 10))).toBeCloseTo(3, 9);
    expect(distanceToPolylineMm([-4, 3, 0], line(0, 10))).toBeCloseTo(5, 9);
  });
  it('overlap, accuracy and false length', () => {
    const truth = [{ name: 'LAD', pointsLps: line(0, 100), radiiMm: line(0, 100).map(() => 1) }];
    // found: the first 60 mm, 0.5 mm off, then 20 mm far away (false), under the right name
    const found = [{ name: 'LAD', pointsLps: [...line(0, 60, 0.5), ...line(0, 20, 10)] }];
    const s = scoreTree(truth, found);
    expect(s.vessels[0]!.overlapSameName).toBeCloseTo(60.87 / 100, 2);
    expect(s.vessels[0]!.accuracyMm).toBeCloseTo(0.5, 2);
    expect(s.falseLengthMm).toBeCloseTo(20, 6);
    expect(s.labelsRight).toBe(1);
  });
  it('a wrong name counts for "any name" only, and as a wrong label', () => {
    const truth = [{ name: 'LAD', pointsLps: line(0, 50), radiiMm: line(0, 50).map(() => 1) }, { name: 'LCx', pointsLps: line(0, 50, 30), radiiMm: line(0, 50).map(() => 1) }];
    const s = scoreTree(truth, [{ name: 'LCx', pointsLps: line(0, 50) }]);
    expect(s.vessels[0]!.overlapSameName).toBe(0);
    expect(s.vessels[0]!.overlapAnyName).toBeCloseTo(1, 6);
    expect(s.labelsRight).toBe(0);
    expect(s.labelsChecked).toBe(1);
  });
  it('an SCCT name the truth lacks is a wrong label where it lies on a truth vessel, and unchecked where it lies on none', () => {
    const truth = [{ name: 'RCA', pointsLps: line(0, 50), radiiMm: line(0, 50).map(() => 1) }];
    const onRca = scoreTree(truth, [{ name: 'L-PDA', pointsLps: line(0, 50, 0.5) }]);
    expect(onRca.labelsChecked).toBe(1);
    expect(onRca.labelsRight).toBe(0);
    const far = scoreTree(truth, [{ name: 'L-PDA', pointsLps: line(0, 50, 20) }, { name: 'OM3', pointsLps: line(0, 50, 0.5) }]);
    expect(far.labelsChecked).toBe(0);
  });
});
