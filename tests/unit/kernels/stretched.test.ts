// Stretched CPR of a planar arc (semicircle of radius 10 mm in the axial plane z = const, tube radius 1.5 mm).
// Sweep axis v ⟂ the mean vessel axis, rotated by angleRad about it: at 90° v is the plane normal, so the
// stretched length is the full arc and the vessel is straight in the image; at 0° v lies in the plane, the
// vessel keeps its true geometry (it moves across columns) and the stretched length shrinks.
import { describe, expect, it } from 'vitest';
import { cprRef } from '../../../src/kernels';
import { tubeVolume } from './phantoms';

describe('stretched CPR', () => {
  const arc: number[] = [];
  for (let a = 0; a <= Math.PI + 1e-9; a += Math.PI / 400) arc.push(14 + 10 * Math.cos(a), 4 + 10 * Math.sin(a), 6);
  const vol = tubeVolume([70, 40, 30], [0.4, 0.4, 0.4], Float64Array.from(arc), 1.5);
  const arcLen = 10 * Math.PI;
  const centreHu = (r: { data: Float32Array; width: number; rowCentreColumn: Float32Array }, m: number) => {
    const c = r.rowCentreColumn[m]!, i = Math.floor(c), w = c - i;
    const row = r.data.subarray(m * r.width, (m + 1) * r.width);
    return (1 - w) * row[i]! + w * row[Math.min(r.width - 1, i + 1)]!;
  };

  it('with the sweep axis normal to the vessel plane: full arc length, straight vessel', () => {
    const r = cprRef(vol, { centrelineLps: arc, mode: 'stretched', angleRad: Math.PI / 2, rows: 201, cols: 81, pixelMm: 0.1 });
    expect(r.rowSpacingMm * (r.height - 1)).toBeCloseTo(arcLen, 1);
    const axis = [r.rowAxisLps[0]!, r.rowAxisLps[1]!, r.rowAxisLps[2]!];
    expect(Math.abs(axis[2]!)).toBeCloseTo(1, 6);
    for (let m = 0; m < r.height; m++) {
      expect(r.rowCentreColumn[m]).toBeCloseTo(40, 6);
      expect(centreHu(r, m)).toBeGreaterThan(430);
    }
  });

  it('with the sweep axis in the vessel plane: true geometry across columns, shorter stretched length', () => {
    const r = cprRef(vol, { centrelineLps: arc, mode: 'stretched', angleRad: 0, rows: 201, cols: 301, pixelMm: 0.1 });
    const len = r.rowSpacingMm * (r.height - 1);
    expect(len).toBeLessThan(arcLen - 1);
    const cols = Array.from(r.rowCentreColumn);
    expect(Math.max(...cols) - Math.min(...cols)).toBeGreaterThan(50); // the vessel moves ≥ 5 mm across the image
    for (let m = 0; m < r.height; m++) {
      expect(centreHu(r, m)).toBeGreaterThan(400);
      // the LPS of the centre column is on the centreline (distance to the arc circle ≈ 0, z = 6)
      const c = r.rowCentreColumn[m]! * r.colSpacingMm;
      const p = [0, 1, 2].map((k) => r.rowOriginLps[3 * m + k]! + c * r.rowAxisLps[3 * m + k]!);
      expect(Math.abs(Math.hypot(p[0]! - 14, p[1]! - 4) - 10)).toBeLessThan(0.02);
      expect(p[2]).toBeCloseTo(6, 6);
    }
  });
});
