/**
 * The BENCH.md kernel workloads, run identically in Node and in Chromium (bench-page.ts):
 * TS reference (`<name>-ts`) vs the WASM SIMD engine (`<name>`, against = the TS one, ratio = TS/WASM),
 * plus `mem-copy-volume` (the memory bound). Timings include planning (frames, line table) because the
 * names do not say it is precomputed; random points are generated outside the timing (they are the input).
 * extra.samplesPerS = samples / median; extra.vsMemCopy = samples/s ÷ voxels copied per second.
 */
import { against, measure, seededRandom, type BenchResult } from '../harness';
import { planCpr, planCrossSections, planObliquePlane, runPlanRef, samplePointsIjk } from '../../../src/kernels';
import type { WasmEngine } from '../../../src/compute/wasm-engine';
import type { BenchVolume } from './bench-volume';

export interface WorkloadOptions {
  env: 'node' | 'chromium';
  /** repetitions for the fast kernels (WASM); the TS reference of heavy workloads uses fewer */
  runs?: number;
  log?: (msg: string) => void;
}

function deg(d: number): number { return (d * Math.PI) / 180; }

/** Columns 0 and 1 of Ry(20°)·Rx(30°). */
export function obliqueAxes(): { u: [number, number, number]; v: [number, number, number] } {
  const cy = Math.cos(deg(20)), sy = Math.sin(deg(20)), cx = Math.cos(deg(30)), sx = Math.sin(deg(30));
  // Ry = [[cy,0,sy],[0,1,0],[-sy,0,cy]], Rx = [[1,0,0],[0,cx,-sx],[0,sx,cx]]; R = Ry·Rx
  return { u: [cy, 0, -sy], v: [sy * sx, cx, cy * sx] };
}

export async function runWorkloads(bv: BenchVolume, engine: WasmEngine, o: WorkloadOptions): Promise<BenchResult[]> {
  const env = o.env, runs = o.runs ?? 25, log = o.log ?? (() => {});
  const vol = bv.volume;
  const out: BenchResult[] = [];
  const voxels = vol.voxels.length;

  // memory reference: copy the 128 MiB volume into a preallocated buffer
  const dst = new Int16Array(voxels);
  const copy = await measure('mem-copy-volume', () => { dst.set(vol.voxels); return dst[voxels >> 1]!; }, { env, runs: 10, warmup: 2 });
  const copyVoxPerS = voxels / (copy.medianMs / 1000);
  out.push({ ...copy, extra: { GBperS: +((vol.voxels.byteLength / (copy.medianMs / 1000)) / 1e9).toFixed(2), voxelsPerS: +copyVoxPerS.toExponential(3) } });
  log(`mem-copy-volume ${copy.medianMs.toFixed(2)} ms`);

  const withRate = (r: BenchResult, samples: number): BenchResult => {
    const perS = samples / (r.medianMs / 1000);
    return { ...r, extra: { ...(r.extra ?? {}), samples, samplesPerS: +perS.toExponential(3), vsMemCopy: +(perS / copyVoxPerS).toFixed(4) } };
  };
  const pair = async (name: string, samples: number, ts: () => unknown, wasm: () => unknown, tsRuns: number) => {
    const ref = withRate(await measure(`${name}-ts`, ts, { env, runs: tsRuns, warmup: 1 }), samples);
    const w = withRate(await measure(name, wasm, { env, runs, warmup: 3 }), samples);
    out.push(ref, against(w, ref));
    log(`${name}: ts ${ref.medianMs.toFixed(2)} ms, wasm ${w.medianMs.toFixed(2)} ms`);
  };

  const L = bv.lengthMm;
  const cl = bv.centrelineLps;
  const cprOpts = { centrelineLps: cl, mode: 'straightened' as const, rows: 512, cols: 512, pixelMm: 0.1, sStartMm: 0, sEndMm: L };
  await pair('cpr-straight-512x512', 512 * 512,
    () => runPlanRef(vol, planCpr(vol, cprOpts)).data, () => engine.runSync(planCpr(vol, cprOpts)).data, 7);

  const xsOpts = { centrelineLps: cl, count: 600, size: 64, pixelMm: 0.2 };
  await pair('cross-sections-600x64x64', 600 * 64 * 64,
    () => runPlanRef(vol, planCrossSections(vol, xsOpts)).data, () => engine.runSync(planCrossSections(vol, xsOpts)).data, 5);

  const { u, v } = obliqueAxes();
  const [nx, ny, nz] = vol.dimensions;
  const centre: [number, number, number] = [
    vol.originLps[0] + ((nx - 1) / 2) * vol.spacingMm[0], vol.originLps[1] + ((ny - 1) / 2) * vol.spacingMm[1], vol.originLps[2] + ((nz - 1) / 2) * vol.spacingMm[2]];
  const obOpts = { centreLps: centre, axisULps: u, axisVLps: v, cols: 512, rows: 512, pixelMm: 0.25 };
  await pair('oblique-plane-512x512', 512 * 512,
    () => runPlanRef(vol, planObliquePlane(vol, obOpts)).data, () => engine.runSync(planObliquePlane(vol, obOpts)).data, 7);

  const n = 5_000_000;
  const r = seededRandom(42);
  const scratch = engine.pointScratch(n);
  const ijk = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) { ijk[3 * p] = r() * (nx - 1); ijk[3 * p + 1] = r() * (ny - 1); ijk[3 * p + 2] = r() * (nz - 1); }
  scratch.ijk.set(ijk);
  const res = new Float32Array(n);
  await pair('random-points-5M', n, () => samplePointsIjk(vol, ijk, res), () => scratch.run(), 3);
  return out;
}
