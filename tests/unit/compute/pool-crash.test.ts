// A compute worker that dies mid-job or stops answering (the fixture's crossSections throws in the kernel, its cpr
// never resolves): at the crash, or past the job deadline, the job rejects with WorkerCrashedError (no promise
// left hanging), the pool reports the lost worker (the UI tells the user) and the next job runs on a fresh
// worker. Real worker_threads, no mocks of the pool.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createComputePool, type ComputePool, type ComputePoolOptions } from '../../../src/compute/pool';
import { nodeWorkerFactory, nodeWorkerHandle } from '../../../src/compute/node-pool';
import { WorkerCrashedError } from '../../../src/compute/worker-handle';
import type { ComputeApi } from '../../../src/compute/worker-api';
import { makeVolume } from '../kernels/phantoms';

/** A one-worker pool whose first worker is the crash fixture and every later one a real compute worker. */
async function poolWithFixtureFirst(opts: ComputePoolOptions = {}) {
  const real = nodeWorkerFactory();
  let made = 0;
  const lost: string[] = [];
  const pool: ComputePool = createComputePool({
    size: 1, idleMs: 1000, onWorkerLost: (r) => lost.push(r), ...opts,
    createWorker: () => (made++ === 0 ? nodeWorkerHandle<ComputeApi>(new Worker(new URL('./fixtures/crash-worker.mjs', import.meta.url))) : real()),
  });
  await pool.setVolume(makeVolume([32, 32, 32], [0.5, 0.5, 0.5], [0, 0, 0], (x, y, z) => x + 2 * y + 3 * z));
  return { pool, lost, made: () => made };
}

describe('compute pool: crashed or hung worker', () => {
  it('rejects the running job of a worker that dies with WorkerCrashedError, reports it and serves the next job on a new worker', async () => {
    const { pool, lost, made } = await poolWithFixtureFirst();
    try {
      const opts = { centrelineLps: [2, 2, 2, 12, 12, 12], count: 4, size: 8, pixelMm: 0.2 };
      const err = await pool.crossSections(opts).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect((err as WorkerCrashedError).code).toBe('COMPUTE_WORKER_CRASHED');
      expect((err as Error).message).toContain('simulated abort in the kernel');
      expect(lost).toEqual(['simulated abort in the kernel']);
      const ok = await pool.crossSections(opts);
      expect(made()).toBe(2);
      expect(ok.data.length).toBe(4 * 8 * 8);
      expect(Number.isFinite(ok.data[0])).toBe(true);
    } finally {
      pool.dispose();
    }
  });

  it('retires a worker silent past the job deadline, reports it, and serves the next job', async () => {
    // the deadline covers the kernel call only (not the worker start-up or the volume load)
    const { pool, lost, made } = await poolWithFixtureFirst({ jobDeadlineMs: 1500 });
    try {
      const cpr = { centrelineLps: Float32Array.of(2, 2, 2, 12, 12, 12), mode: 'straightened' as const, rows: 8, cols: 8, pixelMm: 0.5, angleRad: 0 };
      const err = await pool.cpr(cpr).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect(lost).toEqual(['no answer in 2 s']);
      const ok = await pool.cpr(cpr);
      expect(made()).toBe(2);
      expect(ok.data.length).toBe(8 * 8);
      expect(lost).toHaveLength(1);
    } finally {
      pool.dispose();
    }
  });
});
