// Cross-section contour geometry: radii along rays (ray r at 2πr/R from N towards B), LPS mm.
import { describe, expect, it } from 'vitest';
import { contourPointsLps, contourShape, equivalentDiameterMm, moveContourPoint, nearestPoint, type SectionFrame } from '../../../src/vessel/contour.ts';

const polygonAreaMm2 = (r: ArrayLike<number>): number => contourShape(r).areaMm2;

const frame: SectionFrame = { centreLps: [10, 20, 30], n: [1, 0, 0], b: [0, 0, 1] };

describe('contour', () => {
  it('a circle of radius r has the area of its inscribed polygon, → πr² as rays grow', () => {
    const R = 64, r = 1.5;
    const radii = new Float32Array(R).fill(r);
    const exact = 0.5 * R * r * r * Math.sin((2 * Math.PI) / R);
    expect(polygonAreaMm2(radii)).toBeCloseTo(exact, 5);
    expect(Math.abs(polygonAreaMm2(radii) - Math.PI * r * r) / (Math.PI * r * r)).toBeLessThan(0.002);
    expect(equivalentDiameterMm(Math.PI * r * r)).toBeCloseTo(2 * r, 10);
  });
  it('puts points in the plane of N and B about the centre', () => {
    const pts = contourPointsLps([2, 2, 2, 2], frame);
    expect(pts[0]).toEqual([12, 20, 30]);
    expect(pts[1]![0]).toBeCloseTo(10, 10);
    expect(pts[1]![2]).toBeCloseTo(32, 10);
    expect(pts[2]![0]).toBeCloseTo(8, 10);
    for (const p of pts) expect(p[1]).toBe(20);
  });
  it('min/max diameters from opposite rays', () => {
    const s = contourShape([1, 2, 1, 2]);
    expect([s.minDiameterMm, s.maxDiameterMm]).toEqual([2, 4]);
  });
  it('a ray without an edge (non-finite radius) counts as 0 in the area and the diameters', () => {
    const s = contourShape([1, NaN, 1, 2]);
    expect([s.minDiameterMm, s.maxDiameterMm]).toEqual([2, 2]);
    // triangle-fan of 4 rays at 90°: ½(1·0 + 0·1 + 1·2 + 2·1)
    expect(s.areaMm2).toBeCloseTo(2, 12);
    expect(Number.isFinite(s.centroid[0]) && Number.isFinite(s.centroid[1])).toBe(true);
  });
  it('the centroid of a disc shifted along N is the shift', () => {
    // radii of a circle of radius 1 centred at (0.3, 0) seen from the origin: r(θ) = 0.3 cosθ + √(1 − 0.09 sin²θ)
    const R = 256;
    const radii = Array.from({ length: R }, (_, q) => { const t = (2 * Math.PI * q) / R; return 0.3 * Math.cos(t) + Math.sqrt(1 - 0.09 * Math.sin(t) ** 2); });
    const s = contourShape(radii);
    expect(s.centroid[0]).toBeCloseTo(0.3, 3);
    expect(s.centroid[1]).toBeCloseTo(0, 9);
  });
  it('dragging a point changes only its radius, by its projection on the ray, and the area grows', () => {
    const radii = new Float32Array(8).fill(1);
    const moved = moveContourPoint(radii, 0, [12.5, 20, 30.7], frame);
    expect(moved[0]).toBeCloseTo(2.5, 5);
    expect(Array.from(moved.slice(1))).toEqual(Array.from(radii.slice(1)));
    expect(polygonAreaMm2(moved)).toBeGreaterThan(polygonAreaMm2(radii));
    expect(moveContourPoint(radii, 0, [5, 20, 30], frame)[0]).toBe(0);
    expect(() => moveContourPoint(radii, 8, [0, 0, 0], frame)).toThrow(/\[0, 7\]/);
  });
  it('picks the nearest point within reach', () => {
    const pts: [number, number][] = [[0, 0], [10, 0], [20, 0]];
    expect(nearestPoint(pts, 9, 1, 5)).toBe(1);
    expect(nearestPoint(pts, 50, 50, 5)).toBe(-1);
  });
});
