// Trilinear sampling reproduces a linear field exactly (TS reference and WASM); outside → fill.
// Convention: continuous ijk, voxel centres at integers; LPS mm via src/kernels/geometry.
import { describe, expect, it } from 'vitest';
import { samplePointsIjk, samplePointsLpsRef, trilinearIjk, cubicBSplineIjk, cubicScratch, lpsPointsToIjk } from '../../../src/kernels';
import { createWasmMemory, WasmEngine } from '../../../src/compute/wasm-engine';
import { loadSamplerModule } from '../../../src/compute/wasm-load';
import { seededRandom } from '../../bench/harness';
import { makeVolume } from './phantoms';

const lin = (i: number, j: number, k: number) => 7 * i - 3 * j + 11 * k - 200;
const vol = makeVolume([23, 19, 17], [0.5, 0.5, 0.5], [0, 0, 0], (_x, _y, _z, i, j, k) => lin(i, j, k));

describe('trilinear sampling', () => {
  it('reproduces a linear field at random points (TS and WASM)', async () => {
    const r = seededRandom(7);
    const n = 5000;
    const ijk = new Float32Array(3 * n);
    for (let p = 0; p < n; p++) { ijk[3 * p] = r() * 22; ijk[3 * p + 1] = r() * 18; ijk[3 * p + 2] = r() * 16; }
    const ts = samplePointsIjk(vol, ijk, new Float32Array(n));
    const eng = await WasmEngine.create(await loadSamplerModule('plain'), createWasmMemory(false));
    eng.setVolume(vol);
    const wasm = eng.samplePoints(ijk);
    for (let p = 0; p < n; p++) {
      const truth = lin(ijk[3 * p]!, ijk[3 * p + 1]!, ijk[3 * p + 2]!);
      expect(Math.abs(ts[p]! - truth)).toBeLessThan(1e-3);
      expect(Math.abs(wasm[p]! - truth)).toBeLessThan(1e-3);
    }
  });

  it('is exact on the last voxel plane and fills outside the grid', () => {
    expect(trilinearIjk(vol, 22, 18, 16, -1024)).toBe(lin(22, 18, 16));
    expect(trilinearIjk(vol, 0, 0, 0, -1024)).toBe(lin(0, 0, 0));
    expect(trilinearIjk(vol, 22.001, 3, 3, -1024)).toBe(-1024);
    expect(trilinearIjk(vol, -0.001, 3, 3, -7)).toBe(-7);
    expect(trilinearIjk(vol, 3, 3, NaN, -1024)).toBe(-1024);
  });

  it('maps LPS mm through the geometry (oblique directions, anisotropic spacing)', () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const g = makeVolume([12, 13, 14], [0.4, 0.7, 1.1], [5, -3, 2], (_x, _y, _z, i, j, k) => lin(i, j, k),
      [[c, s, 0], [-s, c, 0], [0, 0, 1]]);
    const ijk = [3.25, 4.5, 7.75];
    const p = [5 + ijk[0]! * 0.4 * c - ijk[1]! * 0.7 * s, -3 + ijk[0]! * 0.4 * s + ijk[1]! * 0.7 * c, 2 + ijk[2]! * 1.1];
    expect(Array.from(lpsPointsToIjk(g, p)).map((v) => +v.toFixed(4))).toEqual(ijk);
    expect(samplePointsLpsRef(g, p)[0]).toBeCloseTo(lin(ijk[0]!, ijk[1]!, ijk[2]!), 3);
  });

  it('cubic B-spline also reproduces a linear field away from the border', () => {
    const r = seededRandom(3), sc = cubicScratch();
    for (let p = 0; p < 500; p++) {
      const x = 1 + r() * 20, y = 1 + r() * 16, z = 1 + r() * 14;
      expect(cubicBSplineIjk(vol, x, y, z, -1024, sc)).toBeCloseTo(lin(x, y, z), 3);
    }
  });
});
