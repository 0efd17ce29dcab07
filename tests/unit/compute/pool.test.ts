// The compute pool on Node worker_threads: results equal the reference, validation errors cross the
// worker boundary with their message, idle workers shut down and restart (reloading the volume), and
// both volume paths work (shared wasm memory, one copy per worker).
import { describe, expect, it } from 'vitest';
import { cprRef } from '../../../src/kernels';
import { createComputePool, type PoolWorker } from '../../../src/compute/pool';
import { nodeWorkerFactory } from '../../../src/compute/node-pool';
import { maxAbsDiff, randomSpline, randomVolume } from '../kernels/phantoms';

describe('compute pool (worker_threads)', () => {
  for (const shareMemory of [true, false]) {
    it(`computes the reference result, reports errors, shuts down when idle (shared memory: ${shareMemory})`, async () => {
      const vol = randomVolume(21, [40, 36, 30]);
      let created = 0, terminated = 0;
      const base = nodeWorkerFactory();
      const factory = (): PoolWorker => {
        created++;
        const w = base();
        return { api: w.api, terminate: () => { terminated++; w.terminate(); } };
      };
      const pool = createComputePool({ size: 2, createWorker: factory, shareMemory, idleMs: 100 });
      try {
        expect(pool.size).toBe(2);
        await pool.setVolume(vol);
        const c: [number, number, number] = [vol.originLps[0] + 7, vol.originLps[1] + 6, vol.originLps[2] + 5];
        const o = { centrelineLps: randomSpline(2, 5, [8, 8, 8], c), mode: 'straightened' as const, rows: 64, cols: 48, pixelMm: 0.2 };
        const [a, b] = await Promise.all([pool.cpr(o), pool.cpr({ ...o, angleRad: 1 })]);
        expect(created).toBe(2);
        expect(maxAbsDiff(a.data, cprRef(vol, o).data)).toBeLessThan(1e-3);
        expect(maxAbsDiff(b.data, cprRef(vol, { ...o, angleRad: 1 }).data)).toBeLessThan(1e-3);
        await expect(pool.cpr({ ...o, pixelMm: 0 })).rejects.toThrow(/pixelMm must be a finite number > 0/);
        await new Promise((r) => setTimeout(r, 400));
        expect(terminated).toBe(2); // idle shutdown
        const again = await pool.cpr(o); // restarts a worker and reloads the volume
        expect(created).toBe(3);
        expect(maxAbsDiff(again.data, a.data)).toBe(0);
      } finally {
        pool.dispose();
      }
      await expect(pool.cpr({ centrelineLps: [0, 0, 0, 1, 1, 1], mode: 'straightened', rows: 2, cols: 2, pixelMm: 1 })).rejects.toThrow(/disposed/);
    });
  }
});
