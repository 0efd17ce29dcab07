// Straightened CPR: equals a plain reslice for a straight axis-aligned tube; constant lumen width along a
// helix tube. Convention: LPS mm; CPR rows along arc length s, columns along the rotated RMF normal.
import { describe, expect, it } from 'vitest';
import { cprRef, obliquePlaneRef, rotationMinimisingFrames } from '../../../src/kernels';
import { createWasmMemory, WasmEngine } from '../../../src/compute/wasm-engine';
import { loadSamplerModule } from '../../../src/compute/wasm-load';
import { planCpr } from '../../../src/kernels/views';
import { makeVolume, maxAbsDiff, tubeValue, tubeVolume } from './phantoms';

describe('straightened CPR', () => {
  // Tube along +x (LPS) through (0, 5, 4) mm, radius 2 mm; dyadic geometry so positions are exact in float32.
  const axis = Float64Array.from([0.5, 5, 4, 12.5, 5, 4]);
  const vol = makeVolume([32, 24, 20], [0.5, 0.5, 0.5], [0, 0, 0], tubeValue(axis, 2));
  const centreline: number[] = [];
  for (let x = 0.5; x <= 12.5; x += 0.25) centreline.push(x, 5, 4);

  for (const slabMm of [0, 1]) {
    it(`of a straight axis-aligned tube equals the plain reslice (slab ${slabMm} mm)`, async () => {
      const f = rotationMinimisingFrames(centreline);
      const n: [number, number, number] = [f.normal[0]!, f.normal[1]!, f.normal[2]!];
      expect(n.map((v) => Math.round(v))).toEqual([0, -1, 0]); // t0 × z with t0 = +x
      const cpr = cprRef(vol, { centrelineLps: centreline, mode: 'straightened', rows: 49, cols: 33, pixelMm: 0.25, slabMm, slabMode: 'mip' });
      expect(cpr.rowSpacingMm).toBe(0.25);
      const plane = obliquePlaneRef(vol, { centreLps: [6.5, 5, 4], axisULps: n, axisVLps: [1, 0, 0], cols: 33, rows: 49, pixelMm: 0.25, slabMm, slabMode: 'mip' });
      expect(maxAbsDiff(cpr.data, plane.data)).toBeLessThan(1e-3);
      const eng = await WasmEngine.create(await loadSamplerModule('plain'), createWasmMemory(false));
      eng.setVolume(vol);
      const w = eng.runSync(planCpr(vol, { centrelineLps: centreline, mode: 'straightened', rows: 49, cols: 33, pixelMm: 0.25, slabMm, slabMode: 'mip' }));
      expect(maxAbsDiff(w.data, plane.data)).toBeLessThan(1e-3);
      // and the tube is really there: 450 HU on the centre column, background at the edges
      expect(cpr.data[24 * 33 + 16]).toBeGreaterThan(440);
      expect(cpr.data[24 * 33 + 0]).toBeLessThan(50);
    });
  }

  it('a straight tube gives the same stretched and straightened CPR', () => {
    const a = cprRef(vol, { centrelineLps: centreline, mode: 'straightened', rows: 49, cols: 33, pixelMm: 0.25 });
    const b = cprRef(vol, { centrelineLps: centreline, mode: 'stretched', rows: 49, cols: 33, pixelMm: 0.25 });
    expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-3);
    expect(b.rowSpacingMm).toBeCloseTo(0.25, 9);
  });

  it('of a helix tube has a constant lumen width along its length (within one pixel), at any angle', () => {
    // helix radius 5 mm, pitch 34 mm, 1.25 turns along +z; tube radius 1.5 mm
    const helix: number[] = [];
    for (let t = 0; t <= 1.25; t += 0.0005) {
      const ph = 2 * Math.PI * t;
      helix.push(10 + 5 * Math.cos(ph), 10 + 5 * Math.sin(ph), 4 + 34 * t);
    }
    const hv = tubeVolume([50, 50, 125], [0.4, 0.4, 0.4], Float64Array.from(helix), 1.5);
    const pixelMm = 0.1, cols = 81;
    for (const angleRad of [0, 0.7, 2.1, 4]) {
      const cpr = cprRef(hv, { centrelineLps: helix, mode: 'straightened', rows: 400, cols, pixelMm, angleRad, sStartMm: 3, sEndMm: 50 });
      const widths: number[] = [];
      for (let m = 0; m < cpr.height; m++) {
        const row = cpr.data.subarray(m * cols, (m + 1) * cols);
        expect(row[40]).toBeGreaterThan(400); // the centre column is inside the lumen on every row
        // sub-pixel half-maximum (245 HU) crossings either side of the centre
        let lo = 40, hi = 40;
        while (lo > 0 && row[lo - 1]! >= 245) lo--;
        while (hi < cols - 1 && row[hi + 1]! >= 245) hi++;
        const left = lo - (row[lo]! - 245) / (row[lo]! - row[lo - 1]!);
        const right = hi + (row[hi]! - 245) / (row[hi]! - row[hi + 1]!);
        widths.push((right - left) * pixelMm);
      }
      const sorted = [...widths].sort((a, b) => a - b);
      const med = sorted[sorted.length >> 1]!;
      expect(med).toBeGreaterThan(2.7);
      expect(med).toBeLessThan(3.3);
      const worst = Math.max(...widths.map((w) => Math.abs(w - med)));
      expect(worst).toBeLessThanOrEqual(pixelMm);
    }
  });
});
