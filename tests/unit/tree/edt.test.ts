// Exact squared Euclidean distance transform against brute force on a small anisotropic grid (mm).
import { describe, expect, it } from 'vitest';
import { squaredEdt } from '../../../src/tree/edt.ts';

describe('squaredEdt', () => {
  it('matches brute force', () => {
    const dims: [number, number, number] = [9, 7, 5];
    const sp: [number, number, number] = [0.4, 0.5, 0.7];
    const n = dims[0] * dims[1] * dims[2];
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const src = Array.from({ length: n }, () => rnd() < 0.05);
    src[0] = true;
    const d = Float32Array.from(src, (s) => (s ? 0 : Infinity));
    squaredEdt(d, dims, sp);
    const xyz = (q: number): number[] => [q % dims[0], Math.floor(q / dims[0]) % dims[1], Math.floor(q / (dims[0] * dims[1]))];
    for (let q = 0; q < n; q++) {
      let best = Infinity;
      const a = xyz(q);
      for (let r = 0; r < n; r++) if (src[r]) { const b = xyz(r); best = Math.min(best, ((a[0]! - b[0]!) * sp[0]) ** 2 + ((a[1]! - b[1]!) * sp[1]) ** 2 + ((a[2]! - b[2]!) * sp[2]) ** 2); }
      expect(d[q]).toBeCloseTo(best, 4);
    }
  });

  it('sources with their own squared distance (not 0 / Infinity only): min over sources of value + squared distance', () => {
    const dims: [number, number, number] = [11, 6, 4];
    const sp: [number, number, number] = [0.39, 0.6, 0.5];
    const n = dims[0] * dims[1] * dims[2];
    let seed = 11;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const init = Array.from({ length: n }, () => { const u = rnd(); return u < 0.04 ? 0 : u < 0.1 ? 3 * rnd() : Infinity; });
    const d = Float32Array.from(init);
    squaredEdt(d, dims, sp);
    const xyz = (q: number): number[] => [q % dims[0], Math.floor(q / dims[0]) % dims[1], Math.floor(q / (dims[0] * dims[1]))];
    for (let q = 0; q < n; q++) {
      let best = Infinity;
      const a = xyz(q);
      for (let r = 0; r < n; r++) if (Number.isFinite(init[r]!)) { const b = xyz(r); best = Math.min(best, Math.fround(init[r]!) + ((a[0]! - b[0]!) * sp[0]) ** 2 + ((a[1]! - b[1]!) * sp[1]) ** 2 + ((a[2]! - b[2]!) * sp[2]) ** 2); }
      expect(d[q]).toBeCloseTo(best, 4);
    }
  });
});
