// A compute worker that stops answering (the fixture's cpr never resolves) or dies: past the job deadline, or at
// the crash, the job rejects with WorkerCrashedError, the pool reports the lost worker (the UI tells the user)
// and the next job runs on a fresh worker. Real worker_threads.
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { createComputePool, WorkerCrashedError, type PoolWorker } from '../../../src/compute/pool';
import { nodeWorkerFactory } from '../../../src/compute/node-pool';
import { nodeEndpoint } from '../../../src/compute/node-endpoint';
import type { ComputeApi } from '../../../src/compute/worker-api';
import { makeVolume } from './phantoms';

function fixtureWorker(): PoolWorker {
  const w = new Worker(new URL('./fixtures/crash-worker.mjs', import.meta.url));
  const api = Comlink.wrap<ComputeApi>(nodeEndpoint(w));
  let terminating = false;
  return {
    api,
    terminate: () => { terminating = true; void w.terminate(); },
    onCrash: (listener) => {
      w.on('error', (e: Error) => listener(e.message));
      w.on('exit', (code: number) => { if (!terminating) listener(`exit ${code}`); });
    },
  };
}

describe('compute pool: hung or dead worker', () => {
  it('retires a worker silent past the job deadline, reports it, and serves the next job', async () => {
    const real = nodeWorkerFactory();
    let made = 0;
    const lost: string[] = [];
    // the deadline covers the kernel call only (not the worker start-up or the volume load)
    const pool = createComputePool({ size: 1, idleMs: 1000, jobDeadlineMs: 1500, onWorkerLost: (r) => lost.push(r), createWorker: () => (made++ === 0 ? fixtureWorker() : real()) });
    try {
      await pool.setVolume(makeVolume([32, 32, 32], [0.5, 0.5, 0.5], [0, 0, 0], (x, y, z) => x + 2 * y + 3 * z));
      const cpr = { centrelineLps: Float32Array.of(2, 2, 2, 12, 12, 12), mode: 'straightened' as const, rows: 8, cols: 8, pixelMm: 0.5, angleRad: 0 };
      const err = await pool.cpr(cpr).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect(lost).toEqual(['no answer in 2 s']);
      const ok = await pool.cpr(cpr);
      expect(made).toBe(2);
      expect(ok.data.length).toBe(8 * 8);
      expect(lost).toHaveLength(1);
    } finally {
      pool.dispose();
    }
  });

  it('reports a worker that dies mid-job', async () => {
    const real = nodeWorkerFactory();
    let made = 0;
    const lost: string[] = [];
    const pool = createComputePool({ size: 1, idleMs: 1000, onWorkerLost: (r) => lost.push(r), createWorker: () => (made++ === 0 ? fixtureWorker() : real()) });
    try {
      await pool.setVolume(makeVolume([32, 32, 32], [0.5, 0.5, 0.5], [0, 0, 0], () => 100));
      const xs = { centrelineLps: [2, 2, 2, 12, 12, 12], count: 4, size: 8, pixelMm: 0.2 };
      await expect(pool.crossSections(xs)).rejects.toBeInstanceOf(WorkerCrashedError);
      expect(lost).toEqual(['simulated abort in the kernel']);
      expect((await pool.crossSections(xs)).data.length).toBe(4 * 8 * 8);
    } finally {
      pool.dispose();
    }
  });
});
