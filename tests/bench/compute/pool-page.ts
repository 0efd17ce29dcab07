// Browser check of the compute pool (driven by tests/e2e/compute.e2e.ts): real module workers, comlink,
// shared memory when crossOriginIsolated, one volume copy per worker otherwise. Returns plain figures.
import { createComputePool } from '../../../src/compute/pool';
import { CancelledError } from '../../../src/compute/run';
import { cprRef, crossSectionsRef } from '../../../src/kernels';
import type { Volume } from '../../../src/volume/volume';
import { seededRandom } from '../harness';

export interface PoolCheck {
  crossOriginIsolated: boolean;
  workers: number;
  cprMaxDiff: number;
  xsMaxDiff: number;
  cancelled: boolean;
  chunksDone: number;
  chunksTotal: number;
  newerCount: number;
  progressCalls: number;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function run(): Promise<PoolCheck> {
  const r = seededRandom(5);
  const dims: [number, number, number] = [96, 96, 80];
  const voxels = new Int16Array(dims[0] * dims[1] * dims[2]).map(() => Math.round(-500 + 1500 * r()));
  const vol: Volume = { dimensions: dims, spacingMm: [0.4, 0.4, 0.5], originLps: [-10, -20, 5], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels };
  const cl: number[] = [];
  for (let t = 0; t <= 1; t += 0.002) cl.push(-3 + 25 * t, -13 + 20 * t + 3 * Math.sin(5 * t), 12 + 20 * t);
  const pool = createComputePool({ chunkLines: 8 });
  try {
    await pool.setVolume(vol);
    const o = { centrelineLps: cl, mode: 'straightened' as const, rows: 256, cols: 128, pixelMm: 0.1, angleRad: 0.5, slabMm: 1 };
    const cpr = await pool.cpr(o, { key: 'cpr' });
    const xo = { centrelineLps: cl, count: 20, size: 48, pixelMm: 0.15 };
    const xs = await pool.crossSections(xo);
    let progressCalls = 0;
    let started!: () => void;
    const firstProgress = new Promise<void>((res) => { started = res; });
    const older = pool.crossSections({ ...xo, count: 4000 }, { key: 'xs', onProgress: () => { progressCalls++; started(); } })
      .then(() => null, (e: unknown) => e);
    await firstProgress;
    const newer = await pool.crossSections({ ...xo, count: 3 }, { key: 'xs' });
    const err = await older;
    return {
      crossOriginIsolated, workers: pool.size,
      cprMaxDiff: maxDiff(cpr.data, cprRef(vol, o).data), xsMaxDiff: maxDiff(xs.data, crossSectionsRef(vol, xo).data),
      cancelled: err instanceof CancelledError,
      chunksDone: err instanceof CancelledError ? err.chunksDone : -1, chunksTotal: err instanceof CancelledError ? err.chunksTotal : -1,
      newerCount: newer.count, progressCalls,
    };
  } finally {
    pool.dispose();
  }
}

(window as unknown as { __runPoolCheck: () => Promise<PoolCheck> }).__runPoolCheck = run;
