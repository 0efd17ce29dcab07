// Cancellation really stops work: chunks processed are counted. In-process (SharedArrayBuffer flag and
// cancel message), and through the pool on Node worker_threads (same worker API as the browser pool).
import { describe, expect, it } from 'vitest';
import { planCrossSections } from '../../../src/kernels';
import { CancelledError, referenceSampler, runPlanSync } from '../../../src/compute/run';
import { createComputeApi } from '../../../src/compute/worker-api';
import { createComputePool } from '../../../src/compute/pool';
import { nodeWorkerFactory } from '../../../src/compute/node-pool';
import { makeVolume } from '../kernels/phantoms';

const vol = makeVolume([64, 64, 64], [0.5, 0.5, 0.5], [0, 0, 0], (x, y, z) => 10 * x - 5 * y + z);
const centrelineLps = [4, 4, 4, 28, 28, 28];
const big = { centrelineLps, count: 3000, size: 64, pixelMm: 0.2 };

describe('cancellation', () => {
  it('a SharedArrayBuffer flag stops a running job at the next chunk', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let chunks = 0;
    const plan = planCrossSections(vol, { ...big, count: 50 });
    const run = () => runPlanSync(referenceSampler(vol), plan, {
      cancelFlag: flag, chunkLines: 16, onChunk: () => { chunks++; if (chunks === 3) Atomics.store(flag, 0, 1); },
    });
    expect(run).toThrow(CancelledError);
    expect(chunks).toBe(3);
    try { Atomics.store(flag, 0, 0); chunks = 0; flag[0] = 0; run(); } catch (e) {
      expect((e as CancelledError).chunksDone).toBe(3);
      expect((e as CancelledError).chunksTotal).toBe(Math.ceil((50 * 64) / 16));
    }
  });

  it('a cancel message stops a running worker job (no shared memory: the job yields between chunks)', async () => {
    const api = createComputeApi();
    await api.load({ kind: 'copy', volume: vol });
    let chunks = 0;
    const job = api.crossSections(1, big, { chunkLines: 8 }, () => { chunks++; });
    await new Promise((r) => setTimeout(r, 40));
    api.cancel(1);
    const out = await job;
    expect(out.status).toBe('cancelled');
    if (out.status !== 'cancelled') return;
    expect(out.chunksDone).toBeGreaterThan(0);
    expect(out.chunksDone).toBeLessThan(out.chunksTotal);
    // the same API finishes a job that is not cancelled
    const done = await api.crossSections(2, { ...big, count: 4 }, { chunkLines: 8 });
    expect(done.status).toBe('done');
    expect(chunks).toBeGreaterThan(0);
  });

  it('pool on worker_threads: a newer job with the same key stops the older one; priorities order the queue', async () => {
    const pool = createComputePool({ size: 1, createWorker: nodeWorkerFactory(), chunkLines: 8, idleMs: 1000 });
    try {
      await pool.setVolume(vol);
      let progressed!: () => void;
      const started = new Promise<void>((r) => { progressed = r; });
      const older = pool.crossSections(big, { key: 'xs', onProgress: (f) => { if (f > 0) progressed(); } });
      const olderOutcome = older.then(() => null, (e: unknown) => e);
      await started;
      const newer = pool.crossSections({ ...big, count: 3 }, { key: 'xs' });
      const err = await olderOutcome;
      expect(err).toBeInstanceOf(CancelledError);
      const c = err as CancelledError;
      expect(c.chunksDone).toBeGreaterThan(0);
      expect(c.chunksDone).toBeLessThan(c.chunksTotal);
      expect((await newer).count).toBe(3);

      // with one worker busy, queued jobs run by priority (then FIFO)
      const order: string[] = [];
      const blocker = pool.crossSections({ ...big, count: 100 }).then(() => order.push('blocker'));
      const low = pool.obliquePlane({ centreLps: [16, 16, 16], axisULps: [1, 0, 0], axisVLps: [0, 1, 0], cols: 8, rows: 8, pixelMm: 1 }).then(() => order.push('low'));
      const high = pool.rays({ centresLps: [16, 16, 16], axisULps: [1, 0, 0], axisVLps: [0, 1, 0], rays: 8, samples: 8, stepMm: 0.5 }, { priority: 5 }).then(() => order.push('high'));
      await Promise.all([blocker, low, high]);
      expect(order).toEqual(['blocker', 'high', 'low']);
    } finally {
      pool.dispose();
    }
  });
});
