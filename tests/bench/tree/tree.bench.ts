// Coronary tree bench (issue 15: ≤ 5 s for a 512 × 512 × 281 study on 2 cores): the whole tree of Cas 1 found
// from the loaded volume (src/tree, WASM ray sampler for the recentring), split into its stages, and its vessels
// measured along their own centrelines (analyseFoundVessel, as the browser does after the search), each against
// the same ten vessels traced one by one from the truth seeds (analyseVessel, WASM path solver and ray sampler).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { against, measure, summarise, type BenchResult } from '../harness.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { findCoronaryTree, type TreeStage } from '../../../src/tree/find-tree.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { analyseFoundVessel } from '../../../src/tree/analyse-found.ts';
import { loadavg } from 'node:os';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { createComputeEngine } from '../../../src/compute/engine.ts';
import type { RayProfiler } from '../../../src/vessel/rays.ts';
import type { Truth } from '../../../sample-data/truth.ts';

const repo = join(import.meta.dirname, '..', '..', '..');

export default async function treeBench(): Promise<BenchResult[]> {
  const folder = join(repo, 'sample-data', 'out', 'cas1');
  const truth = JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Truth;
  const { volume } = await loadVolume(folder);
  const engine = await createComputeEngine(volume);
  const profiler: RayProfiler = (_v, o) => engine.rays(o);
  const solver = await createWasmPathSolver();
  const stages: Record<string, number[]> = {};
  const tree = await measure('tree: whole coronary tree, Cas 1 (512×512×281)', () => {
    let last = performance.now(), stage: TreeStage | null = null;
    const r = findCoronaryTree(volume, {
      profiler,
      onProgress: (s) => {
        const t = performance.now();
        if (stage) (stages[stage] ??= []).push(t - last);
        stage = s; last = t;
      },
    });
    return r.vessels.length;
  }, { runs: 3, warmup: 1 });
  const seeds = await measure('tree: the same 10 vessels traced one by one from truth seeds', () => {
    let n = 0;
    for (const v of truth.vessels) n += analyseVessel(volume, { fromLps: v.seeds.ostiumLps, toLps: v.seeds.distalLps }, { solver, profiler }).profile.length;
    return n;
  }, { runs: 3, warmup: 1 });
  const found = findCoronaryTree(volume, { profiler }).vessels;
  const measured = await measure(`tree: the ${found.length} found vessels measured along their centrelines (no path search)`, () => {
    let n = 0;
    for (const v of found) n += analyseFoundVessel(volume, v.pointsLps, { solver, profiler }, v.parent === null).profile.length;
    return n;
  }, { runs: 3, warmup: 1 });
  const perStage = Object.entries(stages).map(([s, t]) => summarise(`tree stage: ${s}`, t, 'node'));
  const load = { loadAvg1: loadavg()[0]!.toFixed(2) };
  return [{ ...against(tree, seeds), extra: load }, { ...against(measured, seeds), extra: load }, seeds, ...perStage];
}
