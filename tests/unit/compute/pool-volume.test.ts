// The compute pool and a volume replaced while a worker loads or computes (src/compute/pool.ts). Fake workers
// whose load and kernel calls the test releases one by one: a job always computes on the volume current when it
// runs, and a result computed on a volume replaced meanwhile never reaches its caller.
import { describe, expect, it } from 'vitest';
import { createComputePool, type PoolWorker } from '../../../src/compute/pool';
import { CancelledError } from '../../../src/compute/run';
import type { VolumeSource } from '../../../src/compute/worker-api';
import type { Volume } from '../../../src/volume/volume';

interface Gate { release(): void; readonly promise: Promise<void> }
const gate = (): Gate => {
  let release = (): void => {};
  const promise = new Promise<void>((r) => (release = r));
  return { release, promise };
};

/** A volume told apart by its first voxel (the fake kernel answers with the first voxel of what it holds). */
const volumeMarked = (mark: number): Volume => ({
  dimensions: [1, 1, 1], spacingMm: [1, 1, 1], originLps: [0, 0, 0], directions: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  voxels: Int16Array.of(mark),
} as unknown as Volume);

/** One fake worker: every load and every cpr waits for its gate; `log` says what it was asked, in order. */
function fakeWorker() {
  const log: string[] = [];
  const loads: Gate[] = [];
  const jobs: Gate[] = [];
  let held = NaN;
  const api = {
    async load(src: VolumeSource) {
      const mark = src.kind === 'copy' ? src.volume.voxels[0]! : NaN;
      log.push(`load ${mark}`);
      const g = gate(); loads.push(g); await g.promise;
      held = mark;
    },
    async cpr() {
      const on = held;
      log.push(`cpr on ${on}`);
      const g = gate(); jobs.push(g); await g.promise;
      return { status: 'done', result: { onVolume: on }, chunks: 1 };
    },
    async cancel() {},
  };
  const worker = { api, terminate: () => {} } as unknown as PoolWorker;
  return { worker, log, loads, jobs };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const CPR = { centrelineLps: Float32Array.of(0, 0, 0, 1, 1, 1), mode: 'straightened' as const, rows: 1, cols: 1, pixelMm: 1, angleRad: 0 };

describe('compute pool: the volume replaced during a job', () => {
  it('a volume set while the worker loads the previous one is loaded before the job runs', async () => {
    const w = fakeWorker();
    const pool = createComputePool({ size: 1, shareMemory: false, createWorker: () => w.worker });
    try {
      await pool.setVolume(volumeMarked(1));
      const result = pool.cpr(CPR);
      await settle();
      expect(w.log).toEqual(['load 1']);
      await pool.setVolume(volumeMarked(2));
      w.loads[0]!.release();
      await settle();
      expect(w.log).toEqual(['load 1', 'load 2']);
      w.loads[1]!.release();
      await settle();
      expect(w.log).toEqual(['load 1', 'load 2', 'cpr on 2']);
      w.jobs[0]!.release();
      expect(await result).toEqual({ onVolume: 2 });
    } finally {
      pool.dispose();
    }
  });

  it('a result computed on a volume replaced while the job ran rejects as cancelled; the next job loads the new one', async () => {
    const w = fakeWorker();
    const pool = createComputePool({ size: 1, shareMemory: false, createWorker: () => w.worker });
    try {
      await pool.setVolume(volumeMarked(1));
      const stale = pool.cpr(CPR).then(() => 'resolved', (e: unknown) => e);
      await settle();
      w.loads[0]!.release();
      await settle();
      expect(w.log).toEqual(['load 1', 'cpr on 1']);
      await pool.setVolume(volumeMarked(2));
      w.jobs[0]!.release();
      expect(await stale).toBeInstanceOf(CancelledError);
      const fresh = pool.cpr(CPR);
      await settle();
      w.loads[1]!.release();
      await settle();
      w.jobs[1]!.release();
      expect(await fresh).toEqual({ onVolume: 2 });
      expect(w.log).toEqual(['load 1', 'cpr on 1', 'load 2', 'cpr on 2']);
    } finally {
      pool.dispose();
    }
  });
});
