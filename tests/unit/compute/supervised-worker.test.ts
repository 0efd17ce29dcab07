// A worker that dies or hangs mid-call is replaced: the call in flight rejects with WorkerCrashedError (none left
// hanging), the loss is reported, and the next call runs on a fresh worker given back the caller's state first.
// Real worker_threads; the fixture worker crashes with an uncaught error or hangs in a busy loop.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { nodeWorkerHandle } from '../../../src/compute/node-pool';
import { superviseWorker } from '../../../src/compute/supervised-worker';
import { WorkerCrashedError } from '../../../src/compute/worker-handle';

interface Api {
  setVolume(name: string): Promise<void>;
  measure(x: number): Promise<string>;
  crash(): Promise<void>;
  hang(): Promise<void>;
}

function supervised(deadlineMs?: number) {
  const lost: string[] = [];
  let volume = '';
  let created = 0;
  const w = superviseWorker<Api>({
    create: () => { created++; return nodeWorkerHandle<Api>(new Worker(new URL('./fixtures/stateful-worker.mjs', import.meta.url))); },
    restore: (api) => api.setVolume(volume),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    onLost: (r) => lost.push(r),
  });
  return { w, lost, created: () => created, setVolume: async (v: string) => { volume = v; await w.api.setVolume(v); } };
}

describe('supervised worker', () => {
  it('replaces a worker that dies with an uncaught error, restores its state and reports the loss', async () => {
    const s = supervised();
    try {
      await s.setVolume('cas1');
      expect(await s.w.api.measure(3)).toBe('cas1:6');
      const err = await s.w.api.crash().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect((err as Error).message).toContain('simulated abort');
      expect(s.lost).toEqual(['simulated abort']);
      // the next operation runs on a new worker that holds the volume again
      expect(await s.w.api.measure(5)).toBe('cas1:10');
      expect(s.created()).toBe(2);
      expect(s.w.restarts()).toBe(1);
    } finally {
      s.w.dispose();
    }
  });

  it('replaces a worker that stops answering after the deadline', async () => {
    // the deadline counts from the call, worker start-up included: generous enough for a loaded machine
    const s = supervised(3000);
    try {
      await s.setVolume('cas2');
      const err = await s.w.api.hang().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerCrashedError);
      expect(s.lost).toEqual(['no answer in 3 s']);
      expect(await s.w.api.measure(1)).toBe('cas2:2');
      expect(s.created()).toBe(2);
    } finally {
      s.w.dispose();
    }
  });
});
