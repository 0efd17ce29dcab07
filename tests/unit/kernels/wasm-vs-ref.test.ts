// The WASM SIMD sampler equals the TS reference within 1e-3 HU on random volumes and centrelines,
// for every view kernel and slab mode, with plain and shared memory.
import { describe, expect, it } from 'vitest';
import { planCpr, planCrossSections, planObliquePlane, planRayProfiles, runPlanRef, samplePointsIjk, type Plan } from '../../../src/kernels';
import { createWasmMemory, WasmEngine } from '../../../src/compute/wasm-engine';
import { loadSamplerModule } from '../../../src/compute/wasm-load';
import { seededRandom } from '../../bench/harness';
import { maxAbsDiff, randomSpline, randomVolume } from './phantoms';

describe('WASM twin vs TS reference', () => {
  for (const variant of ['plain', 'shared'] as const) {
    for (let seed = 1; seed <= 4; seed++) {
      it(`${variant} memory, random volume #${seed}`, async () => {
        const r = seededRandom(100 + seed);
        const vol = randomVolume(seed, [20 + Math.floor(r() * 30), 20 + Math.floor(r() * 30), 10 + Math.floor(r() * 30)]);
        const eng = await WasmEngine.create(await loadSamplerModule(variant), createWasmMemory(variant === 'shared'));
        eng.setVolume(vol);
        const [nx, ny, nz] = vol.dimensions;
        const ext = [nx * vol.spacingMm[0], ny * vol.spacingMm[1], nz * vol.spacingMm[2]] as const;
        const centre: [number, number, number] = [vol.originLps[0] + ext[0] / 2, vol.originLps[1] + ext[1] / 2, vol.originLps[2] + ext[2] / 2];
        const cl = randomSpline(seed, 6, [ext[0] * 1.1, ext[1] * 1.1, ext[2] * 1.1], centre, 0.3);
        const slab = { slabMm: r() * 3, slabMode: (['mip', 'minip', 'mean'] as const)[seed % 3]! };
        const plans: Plan<{ data: Float32Array }>[] = [
          planCpr(vol, { centrelineLps: cl, mode: 'straightened', rows: 77, cols: 61, pixelMm: 0.15, angleRad: r() * 6 }),
          planCpr(vol, { centrelineLps: cl, mode: 'stretched', rows: 66, cols: 45, pixelMm: 0.2, angleRad: r() * 6, ...slab }),
          planCpr(vol, { centrelineLps: cl, mode: 'straightened', rows: 31, cols: 29, pixelMm: 0.3, ...slab }),
          planCrossSections(vol, { centrelineLps: cl, count: 9, size: 27, pixelMm: 0.2, ...slab }),
          planObliquePlane(vol, { centreLps: centre, axisULps: [r(), r(), r()], axisVLps: [r(), -r(), r()], cols: 53, rows: 47, pixelMm: 0.3, ...slab }),
          planRayProfiles(vol, { centresLps: [...centre, centre[0] + 1, centre[1], centre[2]], axisULps: [1, 0, 0, 0, 1, 0], axisVLps: [0, 1, 0, 0, 0, 1], rays: 24, samples: 41, stepMm: 0.1, startMm: 0.05 }),
        ];
        for (const p of plans) {
          const ref = runPlanRef(vol, p).data, w = eng.runSync(p).data;
          expect(maxAbsDiff(ref, w)).toBeLessThan(1e-3);
          expect(ref.some((x) => x !== -1024)).toBe(true);
        }
        const n = 4099, ijk = new Float32Array(3 * n);
        for (let i = 0; i < n; i++) { ijk[3 * i] = r() * (nx + 2) - 1; ijk[3 * i + 1] = r() * (ny + 2) - 1; ijk[3 * i + 2] = r() * (nz + 2) - 1; }
        expect(maxAbsDiff(samplePointsIjk(vol, ijk, new Float32Array(n)), eng.samplePoints(ijk))).toBeLessThan(1e-3);
      });
    }
  }

  it('validates options with precise messages', () => {
    const vol = randomVolume(1, [10, 10, 10]);
    expect(() => planCpr(vol, { centrelineLps: [0, 0, 0, 1, 1, 1], mode: 'straightened', rows: 2000, cols: 5, pixelMm: 1 })).toThrow(/rows must be an integer in \[1, 1024\]/);
    expect(() => planCpr(vol, { centrelineLps: [0, 0, 0, 0, 0, 0], mode: 'straightened', rows: 5, cols: 5, pixelMm: 1 })).toThrow(/at least 2 distinct points/);
    expect(() => planCrossSections(vol, { centrelineLps: [0, 0, 0, 1, 1, 1], count: 3, size: 8, pixelMm: -1 })).toThrow(/pixelMm must be a finite number > 0/);
    expect(() => planObliquePlane(vol, { centreLps: [0, 0, 0], axisULps: [0, 0, 0], axisVLps: [0, 1, 0], cols: 4, rows: 4, pixelMm: 1 })).toThrow(/axisULps must be a non-zero vector/);
  });
});
