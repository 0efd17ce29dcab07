// The two speed figures on seeded accuracy-style series (accuracy/generator, seed 1, the first SERIES series,
// generated into the accuracy cache when absent; per series the vessel length is the truth's):
// - `coro-measure-series-per-100mm`: `coro measure --json`, in-process as the accuracy runner runs it, ms per 100 mm
//   of vessel (target ≤ 2000). Per series the median of RUNS runs; min / median / max over the series, p90 and the
//   count above the target in `extra`. Against `dicom-load-series-per-100mm`: the same series' DICOM read and decode
//   alone, which no vessel code touches (the machine's load shows in both).
// - `lumen-profile-series-per-150mm`: the lumen profile `coro measure` computes (lumenProfile with the compute engine's
//   WASM kernels: ray sampling and smoothing, edge fits) on each series' traced centreline, ms per 150 mm (target ≤ 50);
//   against `lumen-profile-series-per-150mm-ts`, the same with the TypeScript kernels.
import { join } from 'node:path';
import { measure, sink, summarise, type BenchResult } from '../harness.ts';
import { defaultCacheRoot, ensureSeries, measureFolder } from '../../../accuracy/runner/task.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { loadCliKernels } from '../../../src/cli/vessel-kernels.ts';
import { traceCentreline } from '../../../src/vessel/analyse.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';

const SEED = 1;
const SERIES = 8;
const RUNS = 3;
const MEASURE_TARGET_MS_PER_100MM = 2000;

const median = (v: readonly number[]): number => { const t = [...v].sort((a, b) => a - b); return t.length % 2 ? t[t.length >> 1]! : 0.5 * (t[t.length / 2 - 1]! + t[t.length / 2]!); };
const quantile = (v: readonly number[], p: number): number => { const t = [...v].sort((a, b) => a - b); return t[Math.min(t.length - 1, Math.round(p * (t.length - 1)))]!; };

export default async function seriesBench(ctx: { log: (m: string) => void }): Promise<BenchResult[]> {
  const cacheRoot = defaultCacheRoot();
  const measurePer100: number[] = [], loadPer100: number[] = [], lumenPer150: number[] = [], lumenTsPer150: number[] = [];
  let worst = { id: '', msPer100: 0 };
  for (let index = 0; index < SERIES; index++) {
    const { dir, truth } = ensureSeries(cacheRoot, SEED, index);
    const dicom = join(dir, 'dicom');
    const per100 = 100 / truth.lengthMm;
    // the first series once untimed: V8 compiles the whole pipeline on it
    if (index === 0) await measureFolder(dicom, truth.fromLps, truth.toLps);
    const runs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const m = await measureFolder(dicom, truth.fromLps, truth.toLps);
      if (m.error) throw new Error(`${truth.id}: ${m.error}`);
      sink(m.json!.lesions.length);
      runs.push(m.ms);
    }
    const ms = median(runs) * per100;
    measurePer100.push(ms);
    if (ms > worst.msPer100) worst = { id: truth.id, msPer100: ms };
    const load = await measure('load', async () => (await loadVolume(dicom)).volume.voxels, { runs: RUNS, warmup: 0 });
    loadPer100.push(load.medianMs * per100);
    // the lumen profile on the centreline `coro measure` traces, with the kernels it loads
    const loaded = await loadVolume(dicom);
    const kernels = await loadCliKernels(loaded.volume);
    const cl = traceCentreline(loaded.volume, { fromLps: truth.fromLps, toLps: truth.toLps }, kernels);
    const per150 = 150 / cl.lengthMm;
    const wasm = await measure('lumen', () => lumenProfile(loaded.volume, cl.pointsLps, { profiler: kernels.profiler }).samples, { runs: RUNS, warmup: 1 });
    const ts = await measure('lumen-ts', () => lumenProfile(loaded.volume, cl.pointsLps).samples, { runs: RUNS, warmup: 1 });
    lumenPer150.push(wasm.medianMs * per150); lumenTsPer150.push(ts.medianMs * per150);
    ctx.log(`[series] ${truth.id} ${truth.lengthMm.toFixed(0)} mm: measure ${ms.toFixed(0)} ms/100 mm, load ${(load.medianMs * per100).toFixed(0)}, lumen ${(wasm.medianMs * per150).toFixed(1)} ms/150 mm (TS ${(ts.medianMs * per150).toFixed(1)})`);
  }
  const loadRes = summarise('dicom-load-series-per-100mm', loadPer100, 'node');
  const measureRes = summarise('coro-measure-series-per-100mm', measurePer100, 'node');
  const lumenTs = summarise('lumen-profile-series-per-150mm-ts', lumenTsPer150, 'node');
  const lumen = summarise('lumen-profile-series-per-150mm', lumenPer150, 'node');
  return [
    { ...loadRes, extra: { series: SERIES, seed: SEED } },
    {
      ...measureRes, against: loadRes.name, ratio: loadRes.medianMs / measureRes.medianMs,
      extra: { series: SERIES, seed: SEED, runsPerSeries: RUNS, p90MsPer100mm: +quantile(measurePer100, 0.9).toFixed(0), over2sPer100mm: measurePer100.filter((x) => x > MEASURE_TARGET_MS_PER_100MM).length, worst: `${worst.id} ${worst.msPer100.toFixed(0)}` },
    },
    { ...lumenTs, extra: { series: SERIES } },
    { ...lumen, against: lumenTs.name, ratio: lumenTs.medianMs / lumen.medianMs, extra: { series: SERIES, p90MsPer150mm: +quantile(lumenPer150, 0.9).toFixed(1), sampler: 'WASM rays and edge fits (compute engine)' } },
  ];
}
