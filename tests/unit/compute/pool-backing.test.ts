// A Volume whose voxels already live in a shared wasm memory (`wasmBacking`, as the viewer's volume bridge
// builds it on isolated pages) is attached by the pool's workers as is: no second copy. Proof: a voxel
// changed in that memory after setVolume shows in the next result, and results equal the reference.
import { describe, expect, it } from 'vitest';
import { cprRef } from '../../../src/kernels';
import { createComputePool } from '../../../src/compute/pool';
import { nodeWorkerFactory } from '../../../src/compute/node-pool';
import { createWasmMemory, writeVolume } from '../../../src/compute/wasm-engine';
import type { Volume } from '../../../src/volume/volume';
import { maxAbsDiff, randomSpline, randomVolume } from '../kernels/phantoms';

describe('compute pool: volume backed by a shared wasm memory', () => {
  it('attaches the backing memory (no copy) and computes the reference result', async () => {
    const plain = randomVolume(33, [40, 36, 30]);
    const mem = createWasmMemory(true, plain.voxels.byteLength + (1 << 20));
    const handle = writeVolume(mem, plain);
    const voxels = new Int16Array(mem.buffer, handle.offset, plain.voxels.length);
    const backed: Volume & { wasmBacking: { memory: WebAssembly.Memory; offset: number } } = {
      ...plain, voxels, wasmBacking: { memory: mem, offset: handle.offset },
    };
    const pool = createComputePool({ size: 1, createWorker: nodeWorkerFactory(), shareMemory: true, idleMs: 1000 });
    try {
      await pool.setVolume(backed);
      const c: [number, number, number] = [plain.originLps[0] + 7, plain.originLps[1] + 6, plain.originLps[2] + 5];
      const o = { centrelineLps: randomSpline(4, 5, [8, 8, 8], c), mode: 'straightened' as const, rows: 48, cols: 32, pixelMm: 0.2 };
      const a = await pool.cpr(o);
      expect(maxAbsDiff(a.data, cprRef(plain, o).data)).toBeLessThan(1e-3);
      voxels.fill(1234); // the workers read this very memory: the next result sees the change
      const b = await pool.cpr(o);
      const inside = Array.from(b.data).filter((v) => v !== -1024);
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.every((v) => Math.abs(v - 1234) < 1e-3)).toBe(true);
    } finally {
      pool.dispose();
    }
  });
});
