/**
 * The robustness suite's CI subset: the first 20 series of seed 1, measured in-process by the same code as
 * `coro measure` (seeds = the vessel's two ends), scored against the analytic truth. Targets met today are
 * asserted; the others sit in `it.fails` and flip to failures (to be promoted) once measurement meets them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheRoot, runTask } from '../../../accuracy/runner/task.ts';
import { setFigures, TARGETS, type SetFigures } from '../../../accuracy/runner/summary.ts';
import type { SeriesResult } from '../../../accuracy/runner/score.ts';

const SEED = 1, COUNT = 20;

describe('accuracy suite, CI subset (seed 1, series 0–19)', () => {
  let f: SetFigures;
  const results: SeriesResult[] = [];
  beforeAll(async () => {
    const root = defaultCacheRoot();
    for (let i = 0; i < COUNT; i++) results.push((await runTask(root, SEED, i)).result);
    f = setFigures(results);
  }, 1_200_000);

  it('measures every series and holds enough reported stenoses to judge', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`)).toEqual([]);
    expect(f.reported).toBeGreaterThanOrEqual(25);
  });

  it('finds every lesion ≥ 25 % within ± 3 mm', () => {
    expect(f.found).toBe(f.reported);
  });

  it('reports at most 1 false lesion per 50 series', () => {
    expect(TARGETS.falseLesions(f)).toBe(true);
  });

  it('keeps the centreline within 0.5 mm mean and 1.5 mm Hausdorff in ≥ 98 % of series', () => {
    expect(f.centrelineOkPct).toBeGreaterThanOrEqual(98);
  });

  // not met yet (seed 1 subset: median 11.6, p90 34 points): flips when the lumen is model-fitted
  it.fails('|%DS error| median ≤ 3 and p90 ≤ 8 points', () => {
    expect(TARGETS.dsErrorMedian(f) && TARGETS.dsErrorP90(f)).toBe(true);
  });

  // not met yet (50 % of lesions ≥ 25 % in the right bin)
  it.fails('CAD-RADS bin right for ≥ 90 % of lesions ≥ 25 %', () => {
    expect(f.binRightPct).toBeGreaterThanOrEqual(90);
  });

  // not met yet (5 sub-total stenoses with a visible residual lumen read as occlusions)
  it.fails('never reports a lesion with a visible lumen as 100 %', () => {
    expect(f.visibleReadAsOcclusion).toBe(0);
  });

  // not met yet (median 98 %: residual lumens read as MLA 0, references read wide)
  it.fails('MLA median relative error ≤ 15 %', () => {
    expect(f.mlaRelErrorMedian).toBeLessThanOrEqual(0.15);
  });

  // not met yet (2 calcified plaques < 15 % reported ≥ 25 %: blooming)
  it.fails('never reports a non-stenotic calcified plaque (< 15 %) as ≥ 25 %', () => {
    expect(f.nonStenoticOvercalls).toBe(0);
  });
});
