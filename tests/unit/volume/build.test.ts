/**
 * buildVolume on hand-made stacks: regular copy, gantry-tilt shear resampled (a rod fixed in
 * LPS must land on the same (i, j) in every resampled slice), uneven spacing resampled
 * linearly, duplicates dropped, refusals. Convention: LPS mm; axial IOP rowDir +x, colDir +y.
 */
import { describe, expect, it } from 'vitest';
import { buildVolume } from '../../../src/volume/build.ts';
import { ijkToLps, lpsToIjk, type Vec3 } from '../../../src/volume/volume.ts';
import { DicomError } from '../../../src/dicom/errors.ts';
import { isSheared, stackProblems } from '../../../src/dicom/series.ts';
import type { StackGeometry } from '../../../src/dicom/series-types.ts';

const nx = 40, ny = 40, ps = 0.5; // 0.5 mm pixels

function stack(positions: Vec3[]): StackGeometry {
  const d = positions.map((p) => p[2]);
  const steps = d.slice(1).map((v, i) => v - (d[i] as number)).filter((x) => x > 0.01).sort((a, b) => a - b);
  const first = positions[0] as Vec3, last = positions[positions.length - 1] as Vec3;
  const chord = Math.hypot(last[0] - first[0], last[1] - first[1], last[2] - first[2]);
  const span = last[2] - first[2];
  return {
    rows: ny, columns: nx, iop: [1, 0, 0, 0, 1, 0], rowDir: [1, 0, 0], colDir: [0, 1, 0], normal: [0, 0, 1],
    pixelSpacingMm: [ps, ps], positionsLps: positions, distancesMm: d,
    sliceSpacingMm: steps[steps.length >> 1] ?? 0,
    stepLps: [0, 0, 0], shearDeg: chord > 0 ? (Math.acos(Math.min(1, span / chord)) * 180) / Math.PI : 0,
  };
}

/** A slice whose pixels hold `f(x, y)` of their LPS centre (x, y), plus a rod at (rx, ry). */
function slice(ipp: Vec3, f: (x: number, y: number) => number): Int16Array {
  const a = new Int16Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) a[j * nx + i] = f(ipp[0] + i * ps, ipp[1] + j * ps);
  return a;
}

describe('buildVolume', () => {
  it('copies a regular stack', () => {
    const pos: Vec3[] = [0, 1, 2].map((k) => [0, 0, 2 * k]);
    const { volume, warnings } = buildVolume(stack(pos), pos.map((p) => slice(p, () => p[2])));
    expect(warnings).toEqual([]);
    expect(volume.dimensions).toEqual([nx, ny, 3]);
    expect(volume.spacingMm).toEqual([ps, ps, 2]);
    expect(volume.voxels[2 * nx * ny + 5]).toBe(4);
  });

  it('resamples a sheared (tilted) stack so a rod fixed in LPS stays at one (i, j)', () => {
    // IPP steps (0, 1, 2) mm: 2 mm along the normal plus 1 mm in plane → 26.6° shear.
    const rod = { x: 8, y: 12 };
    const f = (x: number, y: number) => (Math.abs(x - rod.x) < 0.3 && Math.abs(y - rod.y) < 0.3 ? 1000 : 0);
    const pos: Vec3[] = [0, 1, 2, 3, 4, 5].map((k) => [0, k, 2 * k]);
    const st = stack(pos);
    expect(st.shearDeg).toBeCloseTo(26.565, 2);
    const { volume, warnings } = buildVolume(st, pos.map((p) => slice(p, f)));
    expect(warnings.map((w) => w.code)).toEqual(['resampled']);
    const [vx, vy, vz] = volume.dimensions;
    expect(vz).toBe(6);
    expect(vy).toBe(ny + 10); // footprint grows by the 5 mm in-plane drift (10 pixels)
    const want = lpsToIjk(volume, [rod.x, rod.y, 0]);
    for (let k = 0; k < vz; k++) {
      let best = -1, bi = -1, bj = -1;
      for (let j = 0; j < vy; j++)
        for (let i = 0; i < vx; i++) {
          const v = volume.voxels[i + vx * (j + vy * k)] as number;
          if (v > best) [best, bi, bj] = [v, i, j];
        }
      expect(best).toBe(1000);
      expect(bi).toBeCloseTo(want[0], 6);
      expect(bj).toBeCloseTo(want[1], 6);
      expect(ijkToLps(volume, [bi, bj, k])[2]).toBeCloseTo(2 * k, 6);
    }
    expect(() => buildVolume(st, pos.map((p) => slice(p, f)), { shear: 'refuse' })).toThrow(DicomError);
  });

  it('resamples uneven spacing linearly at the median step, or refuses', () => {
    const z = [0, 2, 4, 7, 9];
    const pos: Vec3[] = z.map((v) => [0, 0, v]);
    const hu = pos.map((p) => slice(p, () => 10 * p[2]));
    const { volume, warnings } = buildVolume(stack(pos), hu);
    expect(warnings[0]?.code).toBe('resampled');
    expect(volume.spacingMm[2]).toBe(2);
    expect(volume.dimensions[2]).toBe(5); // z = 0, 2, 4, 6, 8
    for (let k = 0; k < 5; k++) expect(volume.voxels[k * nx * ny + 123]).toBe(20 * k);
    let err: unknown;
    try {
      buildVolume(stack(pos), hu, { unevenSpacing: 'refuse' });
    } catch (e) {
      err = e;
    }
    expect((err as DicomError).code).toBe('volume-uneven-spacing');
  });

  it('drops duplicate positions with a warning; one position is not a volume', () => {
    const pos: Vec3[] = [[0, 0, 0], [0, 0, 0], [0, 0, 1]];
    const { volume, warnings } = buildVolume(stack(pos), pos.map((p, n) => slice(p, () => n)));
    expect(volume.dimensions[2]).toBe(2);
    expect(volume.voxels[0]).toBe(0);
    expect(volume.voxels[nx * ny]).toBe(2);
    expect(warnings[0]?.code).toBe('duplicate-position');
    expect(() => buildVolume(stack([[0, 0, 0]]), [new Int16Array(nx * ny)])).toThrow(/at least two/);
  });

  it('a slow in-plane drift below 0.5° still counts as shear (quarter-pixel rule)', () => {
    // 40 slices, 5 mm apart, drifting 0.03 mm per slice in x: 0.34° but 1.17 mm in total.
    const pos: Vec3[] = Array.from({ length: 40 }, (_, k) => [0.03 * k, 0, 5 * k]);
    const st = stack(pos);
    expect(st.shearDeg).toBeLessThan(0.5);
    expect(isSheared(st)).toBe(true);
    expect(stackProblems(st).map((p) => p.code)).toContain('sheared');
    const straight = stack(Array.from({ length: 40 }, (_, k): Vec3 => [0, 0, 5 * k]));
    expect(isSheared(straight)).toBe(false);
  });
});
