// A worker that dies mid-job: the job rejects with WorkerCrashedError (no promise left hanging) and the
// next job runs on a fresh worker. Real worker_threads, no mocks of the pool.
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { createComputePool, WorkerCrashedError, type PoolWorker } from '../../../src/compute/pool';
import { nodeWorkerFactory } from '../../../src/compute/node-pool';
import { nodeEndpoint } from '../../../src/compute/node-endpoint';
import type { ComputeApi } from '../../../src/compute/worker-api';
import { makeVolume } from './phantoms';

function crashingWorker(): PoolWorker {
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

describe('compute pool: crashed worker', () => {
  it('rejects the running job with WorkerCrashedError and serves the next job on a new worker', async () => {
    const real = nodeWorkerFactory();
    let made = 0;
    const pool = createComputePool({ size: 1, idleMs: 1000, createWorker: () => (made++ === 0 ? crashingWorker() : real()) });
    try {
      const vol = makeVolume([32, 32, 32], [0.5, 0.5, 0.5], [0, 0, 0], (x, y, z) => x + 2 * y + 3 * z);
      await pool.setVolume(vol);
      const opts = { centrelineLps: [2, 2, 2, 12, 12, 12], count: 4, size: 8, pixelMm: 0.2 };
      const err = await pool.crossSections(opts).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect((err as WorkerCrashedError).code).toBe('COMPUTE_WORKER_CRASHED');
      expect((err as Error).message).toContain('simulated abort in the kernel');
      const ok = await pool.crossSections(opts);
      expect(made).toBe(2);
      expect(ok.data.length).toBe(4 * 8 * 8);
      expect(Number.isFinite(ok.data[0])).toBe(true);
    } finally {
      pool.dispose();
    }
  });
});
