/**
 * The robustness suite's CI subset: every 7th series of seed 1's default set (20 series spread over it),
 * measured in-process by the same code as `coro measure` (seeds = the vessel's two ends) and scored against the
 * analytic truth. Targets met today are asserted; the others sit in `it.fails` and flip to failures (to be
 * promoted to plain `it`) once measurement meets them. Figures in the comments: this subset, today.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheRoot, runTask } from '../../../accuracy/runner/task.ts';
import { setFigures, TARGETS, type SetFigures } from '../../../accuracy/runner/summary.ts';
import type { SeriesResult } from '../../../accuracy/runner/score.ts';

const SEED = 1;
const SUBSET = Array.from({ length: 20 }, (_, q) => 7 * q);

describe('accuracy suite, CI subset (seed 1, series 0, 7, …, 133)', () => {
  let f: SetFigures;
  const results: SeriesResult[] = [];
  beforeAll(async () => {
    const root = defaultCacheRoot();
    for (const i of SUBSET) results.push((await runTask(root, SEED, i)).result);
    f = setFigures(results);
  }, 1_200_000);

  it('measures every series and holds enough reported stenoses to judge', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`)).toEqual([]);
    expect(f.reported).toBeGreaterThanOrEqual(25);
  });

  // not met yet (37 of 40 found)
  it.fails('finds every lesion ≥ 25 % within ± 3 mm', () => {
    expect(f.found).toBe(f.reported);
  });

  it('reports at most 1 false lesion per 50 series', () => {
    expect(TARGETS.falseLesions(f)).toBe(true);
  });

  it('keeps the centreline within 0.5 mm mean and 1.5 mm Hausdorff in ≥ 98 % of series', () => {
    expect(f.centrelineOkPct).toBeGreaterThanOrEqual(98);
  });

  // not met yet (median 8.3, p90 31 points)
  it.fails('|%DS error| median ≤ 3 and p90 ≤ 8 points', () => {
    expect(TARGETS.dsErrorMedian(f) && TARGETS.dsErrorP90(f)).toBe(true);
  });

  // not met yet (52.5 % of lesions ≥ 25 % in the right bin)
  it.fails('CAD-RADS bin right for ≥ 90 % of lesions ≥ 25 %', () => {
    expect(f.binRightPct).toBeGreaterThanOrEqual(90);
  });

  it('never reports a lesion with a visible lumen as 100 %', () => {
    expect(f.visibleReadAsOcclusion).toBe(0);
  });

  // not met yet (median 77 %: residual lumens read as MLA 0, references read wide)
  it.fails('MLA median relative error ≤ 15 %', () => {
    expect(f.mlaRelErrorMedian).toBeLessThanOrEqual(0.15);
  });

  // not met yet (3 calcified plaques < 15 % reported ≥ 25 %: blooming)
  it.fails('never reports a non-stenotic calcified plaque (< 15 %) as ≥ 25 %', () => {
    expect(f.nonStenoticOvercalls).toBe(0);
  });
});
