// Vessel benches (issue 5 §7 and BENCH.md `centreline-roi` / `centreline-whole`):
// - centreline of a 100 mm synthetic vessel, box-free corridor search against the former boxed search (target ≤ 0.3 s);
// - BENCH.md centreline workloads on the seeded leak-trap volume, with the mean distance to the truth;
// - lumen profile of a 150 mm vessel every 0.25 mm, WASM ray sampler against the TS kernel (target ≤ 50 ms);
// - `coro measure` on the LAD of Cas 1 end to end, split into read, decode, centreline, lumen.
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { against, measure, summarise, type BenchResult } from '../harness.ts';
import { buildBenchVolume } from '../compute/bench-volume.ts';
import { helixCurve, makeTube, roundSection } from '../../unit/vessel/synthetic.ts';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { createComputeEngine } from '../../../src/compute/engine.ts';
import type { RayProfiler } from '../../../src/vessel/rays.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import type { Truth } from '../../../sample-data/truth.ts';

const repo = join(import.meta.dirname, '..', '..', '..');

function meanDistance(points: readonly Lps[], truthFlat: ArrayLike<number>): number {
  const line: Lps[] = [];
  for (let q = 0; q < truthFlat.length; q += 3) line.push([truthFlat[q]!, truthFlat[q + 1]!, truthFlat[q + 2]!]);
  return points.reduce((a, p) => a + distanceToPolyline(p, line), 0) / points.length;
}

export default async function vesselBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const wasm = await createWasmPathSolver();

  // 100 mm helix in a 40 × 40 × 85 mm volume
  const tube = makeTube({
    dims: [100, 100, 170], spacingMm: [0.4, 0.4, 0.5], originLps: [-20, -20, -42], curve: helixCurve(100, [0, 0, 0], 5, 34),
    section: roundSection((s) => 1.75 - 0.006 * s, 450), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 1,
  });
  const tr = tube.truth;
  const seeds = { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps };
  // default: box-free corridor search + WASM ray sampler for recentring; against: the former search in a
  // box padded 10 mm (cost grid of the whole box, WASM A*) with the TS ray kernel
  const eng100 = await createComputeEngine(tube.volume);
  const prof100: RayProfiler = (_v, o) => eng100.rays(o);
  const box = await measure('centreline-100mm-box', () => extractCentreline(tube.volume, seeds, { solver: wasm, padMm: 10 }).pointsLps, { runs: 7 });
  const wa = await measure('centreline-100mm', () => extractCentreline(tube.volume, seeds, { solver: wasm, profiler: prof100 }).pointsLps, { runs: 7 });
  const cl = extractCentreline(tube.volume, seeds, { solver: wasm, profiler: prof100 });
  const tflat = tr.flatMap((t) => t.lps);
  out.push(box, { ...against(wa, box), extra: { meanDistMm: +meanDistance(cl.pointsLps, tflat).toFixed(3), pathMs: +cl.timingsMs.path.toFixed(1), recentreMs: +cl.timingsMs.recentre.toFixed(1) } });

  // lumen profile of a 150 mm vessel (helix), every 0.25 mm
  const tube150 = makeTube({
    dims: [100, 100, 240], spacingMm: [0.4, 0.4, 0.5], originLps: [-20, -20, -60], curve: helixCurve(150, [0, 0, 0], 5, 34),
    section: roundSection((s) => 1.8 - 0.005 * s, 450), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 2,
  });
  const pts150 = tube150.truth.map((t) => t.lps);
  const eng150 = await createComputeEngine(tube150.volume);
  // V8 is still optimising this path for ~15 calls (40 runs in one process: 54, 50, 51, 82, 60 … then 35–45 ms)
  const lts = await measure('lumen-profile-150mm-ts', () => lumenProfile(tube150.volume, pts150).samples, { runs: 15, warmup: 12 });
  const lwa = await measure('lumen-profile-150mm', () => lumenProfile(tube150.volume, pts150, { profiler: (_v, o) => eng150.rays(o) }).samples, { runs: 15, warmup: 12 });
  out.push({ ...lts, extra: { sections: pts150.length } }, { ...against(lwa, lts), extra: { sections: pts150.length, sampler: 'WASM rays (compute engine)' } });

  // BENCH.md workloads
  const bv = buildBenchVolume();
  const bseeds = { fromLps: bv.seedsLps[0], toLps: bv.seedsLps[1] };
  let last = extractCentreline(bv.volume, bseeds, { solver: wasm, padMm: 10 });
  const roi = await measure('centreline-roi', () => (last = extractCentreline(bv.volume, bseeds, { solver: wasm, padMm: 10 })).pointsLps, { runs: 5, warmup: 1 });
  out.push({ ...roi, extra: { meanDistMm: +meanDistance(last.pointsLps, bv.centrelineLps).toFixed(3), pathMs: +last.timingsMs.path.toFixed(1) } });
  const whole = await measure('centreline-whole', () => (last = extractCentreline(bv.volume, bseeds, { solver: wasm, padMm: 1000 })).pointsLps, { runs: 3, warmup: 1 });
  out.push({ ...whole, extra: { meanDistMm: +meanDistance(last.pointsLps, bv.centrelineLps).toFixed(3), note: 'whole volume searched on a 2× coarser grid (memory cap 12 M voxels), then recentred at full resolution' } });

  // coro measure on the LAD of Cas 1, end to end with its split
  const cas1 = join(repo, 'sample-data', 'out', 'cas1');
  if (existsSync(join(cas1, 'truth.json'))) {
    const truth = JSON.parse(readFileSync(join(cas1, 'truth.json'), 'utf8')) as Truth;
    const lad = truth.vessels.find((v) => v.name === 'LAD')!;
    const split: Record<string, number[]> = { read: [], decode: [], centreline: [], lumen: [] };
    const totals: number[] = [];
    for (let r = 0; r < 3; r++) {
      const marks: [string, number][] = [];
      const t0 = performance.now();
      const loaded = await loadVolume(cas1, { onProgress: (m) => marks.push([m, performance.now()]) });
      const t1 = performance.now();
      const decodeAt = marks.find(([m]) => m.startsWith('decoding'))?.[1] ?? t0;
      const timings: Record<string, number> = {};
      const engine = await createComputeEngine(loaded.volume); // as `coro measure` does
      analyseVessel(loaded.volume, { fromLps: lad.seeds.ostiumLps, toLps: lad.seeds.distalLps }, { solver: wasm, timings, profiler: (_v, o) => engine.rays(o) });
      totals.push(performance.now() - t0);
      split.read!.push(decodeAt - t0); split.decode!.push(t1 - decodeAt);
      split.centreline!.push(timings.centrelineMs!); split.lumen!.push((timings.lumenMs ?? 0) + (timings.lesionsMs ?? 0));
    }
    const med = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    out.push({ ...summarise('coro-measure-cas1-lad', totals, 'node'), extra: Object.fromEntries(Object.entries(split).map(([k, v]) => [`${k}Ms`, +med(v).toFixed(1)])) });
  }
  return out;
}
