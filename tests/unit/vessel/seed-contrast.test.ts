// The seed check (cost.ts checkSeedLevels): a lumen narrower than the blur (a thin distal vessel, a dim
// collateral refill) is dimmed below the absolute floors (110 HU each, 200 HU the brightest) yet stands as far
// above the fat and wall around it; it passes on that contrast, flat tissue of the same HU does not.
import { describe, expect, it } from 'vitest';
import { checkSeedLevels } from '../../../src/vessel/cost.ts';
import { isVesselError } from '../../../src/vessel/errors.ts';

const seeds: [number, number, number][] = [[0, 0, 0], [10, 0, 0]];
const codeOf = (f: () => void): string | null => {
  try { f(); return null; } catch (e) { return isVesselError(e) ? e.code : 'other'; }
};

describe('checkSeedLevels with the seeds\' contrast over their surroundings', () => {
  it('a thin distal seed at 101 HU passes when it stands 180 HU above its surroundings, not when flat', () => {
    const levels = { lowHu: 101, highHu: 290, seedsHu: [290, 101] };
    expect(codeOf(() => checkSeedLevels(levels, seeds, [360, 181]))).toBeNull();
    expect(codeOf(() => checkSeedLevels(levels, seeds, [360, 20]))).toBe('seed-not-in-vessel');
    expect(codeOf(() => checkSeedLevels(levels, seeds))).toBe('seed-not-in-vessel');
  });

  it('a brightest seed at 199 HU passes on its contrast (a dim series), an unenhanced vessel (contrast 140) does not', () => {
    const levels = { lowHu: 150, highHu: 199, seedsHu: [199, 150] };
    expect(codeOf(() => checkSeedLevels(levels, seeds, [299, 250]))).toBeNull();
    expect(codeOf(() => checkSeedLevels(levels, seeds, [140, 120]))).toBe('seed-not-in-vessel');
  });

  it('a seed below a quarter of the brightest is refused whatever its contrast (a plaque-filled occlusion)', () => {
    const levels = { lowHu: 60, highHu: 400, seedsHu: [400, 60] };
    expect(codeOf(() => checkSeedLevels(levels, seeds, [480, 160]))).toBe('seed-not-in-vessel');
  });
});
