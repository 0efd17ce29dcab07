// Rotation-minimising frames (double reflection): orthonormal, no flips along random 3-D splines (including
// tangents passing through ±z, where t × z degenerates and a Frenet frame flips), minimal twist.
import { describe, expect, it } from 'vitest';
import { frameAt, newFrame, rotationMinimisingFrames } from '../../../src/kernels';
import { randomSpline } from './phantoms';

const v = (a: Float64Array, i: number): [number, number, number] => [a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!];
const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

describe('rotation-minimising frames', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`no flips and orthonormal along random spline #${seed}`, () => {
      const pts = randomSpline(seed, 12, [60, 60, 60], [0, 0, 0], 0.25);
      const f = rotationMinimisingFrames(pts);
      expect(f.count).toBeGreaterThan(200);
      let maxTwist = 0;
      for (let i = 0; i < f.count; i++) {
        const t = v(f.tangent, i), n = v(f.normal, i), b = v(f.binormal, i);
        expect(Math.abs(dot(t, n))).toBeLessThan(1e-9);
        expect(Math.abs(dot(n, n) - 1)).toBeLessThan(1e-9);
        expect(Math.abs(dot(b, t))).toBeLessThan(1e-9);
        if (i === 0) continue;
        // consecutive normals stay close (a flip would give ≈ −1); the step is 0.25 mm
        const n0 = v(f.normal, i - 1), b0 = v(f.binormal, i - 1);
        const turnT = Math.acos(Math.min(1, dot(v(f.tangent, i - 1), t)));
        expect(dot(n0, n)).toBeGreaterThan(Math.cos(turnT) - 1e-6);
        // rotation-minimising: the normal does not rotate about the tangent (no N·B' component beyond 2nd order)
        maxTwist = Math.max(maxTwist, Math.abs(dot(n, b0) - dot(n0, b0)) / Math.max(1e-3, turnT));
      }
      expect(maxTwist).toBeLessThan(0.6);
    });
  }

  it('stays smooth where the tangent passes through ±z (Frenet would flip)', () => {
    // planar arc in the x–z plane whose tangent passes through −z and +z: the RMF normal is the plane normal
    const arc: number[] = [];
    for (let a = -2; a <= 2; a += 0.005) arc.push(10 * Math.sin(a), 0, 10 * Math.cos(a));
    const f = rotationMinimisingFrames(arc);
    for (let i = 0; i < f.count; i++) expect(Math.abs(dot(v(f.normal, i), [0, 1, 0]))).toBeGreaterThan(1 - 1e-9);
    // the same with a climb along y (3-D), tangents close to ±z: no jump between consecutive frames
    const helix: number[] = [];
    for (let a = -2; a <= 2; a += 0.005) helix.push(10 * Math.sin(a), 2 * a, 10 * Math.cos(a));
    const g = rotationMinimisingFrames(helix);
    for (let i = 1; i < g.count; i++) expect(dot(v(g.normal, i - 1), v(g.normal, i))).toBeGreaterThan(0.999);
  });

  it('frameAt interpolates orthonormal frames and applies the rotation angle', () => {
    const f = rotationMinimisingFrames(randomSpline(5, 8, [40, 40, 40], [0, 0, 0]));
    const a = newFrame(), b = newFrame();
    for (let s = 0; s < f.lengthMm; s += 0.37) {
      frameAt(f, s, 0, a); frameAt(f, s, Math.PI / 2, b);
      expect(Math.abs(dot(a.tangent, a.normal))).toBeLessThan(1e-9);
      expect(dot(b.normal, a.binormal)).toBeCloseTo(1, 9);
    }
  });
});
