// Cross-sections ⟂ the centreline: a tube of radius r has area πr² within 2 % at any obliquity.
// Area = Σ (v − 40)/(450 − 40) · pixel² over the plane (partial-volume estimate, no threshold).
import { describe, expect, it } from 'vitest';
import { crossSectionsRef } from '../../../src/kernels';
import { seededRandom } from '../../bench/harness';
import { makeVolume, tubeValue } from './phantoms';

describe('cross-section stack', () => {
  const r = seededRandom(11);
  for (let trial = 0; trial < 5; trial++) {
    const d = [r() - 0.5, r() - 0.5, r() - 0.5];
    const l = Math.hypot(d[0]!, d[1]!, d[2]!);
    const dir = d.map((v) => v / l) as [number, number, number];
    it(`tube of radius 2 mm along [${dir.map((v) => v.toFixed(2)).join(', ')}] has area πr² ± 2 %`, () => {
      const c = [12, 12, 12];
      const axis = Float64Array.from([c[0]! - 20 * dir[0], c[1]! - 20 * dir[1], c[2]! - 20 * dir[2], c[0]! + 20 * dir[0], c[1]! + 20 * dir[1], c[2]! + 20 * dir[2]]);
      const vol = makeVolume([48, 44, 40], [0.5, 0.55, 0.6], [0, 0, 0], tubeValue(axis, 2));
      const centreline = Array.from(axis);
      const W = 64, pixelMm = 0.15;
      const xs = crossSectionsRef(vol, { centrelineLps: centreline, arcMm: [16, 20, 24], size: W, pixelMm, angleRad: r() * 6 });
      for (let p = 0; p < xs.count; p++) {
        let area = 0;
        for (let q = 0; q < W * W; q++) area += ((xs.data[p * W * W + q]! - 40) / 410) * pixelMm * pixelMm;
        expect(Math.abs(area / (Math.PI * 4) - 1)).toBeLessThan(0.02);
        // the plane normal is the tube axis
        const t = [xs.normalLps[3 * p]!, xs.normalLps[3 * p + 1]!, xs.normalLps[3 * p + 2]!];
        expect(Math.abs(t[0]! * dir[0] + t[1]! * dir[1] + t[2]! * dir[2])).toBeCloseTo(1, 9);
      }
    });
  }
});
