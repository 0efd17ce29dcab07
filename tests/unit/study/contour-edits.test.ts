// Edited contours feed the measurements (src/study/contour-edits.ts). A synthetic tapering-free vessel whose
// truth is analytic: lumen radius 1.5 mm with a 50 % plateau stenosis (0.75 mm), outer wall 2 mm, 32 rays.
// The base analysis comes from the pipeline's lesion stage (measureLesions); edits must give the analytic values.
import { describe, expect, it } from 'vitest';
import { measureLesions, type VesselAnalysis } from '../../../src/vessel/analyse.ts';
import type { LumenProfile, LumenSample } from '../../../src/vessel/lumen.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { contourShape, outerAreaMm2, polygonRadiusAt } from '../../../src/vessel/contour.ts';
const polygonAreaMm2 = (r: ArrayLike<number>): number => contourShape(r).areaMm2;
import {
  applyContourEdits, emptyEdits, plaqueAreasDelta, sectionPlaqueAreas, type BaseContours, type SectionImage,
} from '../../../src/study/contour-edits.ts';

const R = 32, STEP = 0.25, N = 400; // 100 mm
const REF_R = 1.5, OUTER_R = 2, MLA_S = 50;
/** truth lumen radius: 1.5 mm, sin² ramps over 3 mm to a 0.75 mm plateau ±1.25 mm around s = 50 mm */
function truthRadius(s: number): number {
  const d = Math.abs(s - MLA_S);
  if (d <= 1.25) return 0.75;
  if (d >= 4.25) return REF_R;
  const t = Math.sin(((d - 1.25) / 3) * (Math.PI / 2)) ** 2;
  return 0.75 + (REF_R - 0.75) * t;
}
const ring = (r: number) => new Float32Array(R).fill(r);

function synthetic(): { a: VesselAnalysis; base: BaseContours } {
  const M = 60; // rMax 6 mm / dr 0.1
  const radii = new Float32Array(N * R), outer = new Float32Array(N * R).fill(OUTER_R);
  const samples: LumenSample[] = [];
  const profiles: Float64Array[] = [];
  const points: Lps[] = [];
  for (let q = 0; q < N; q++) {
    const s = q * STEP, r = truthRadius(s);
    radii.fill(r, q * R, (q + 1) * R);
    const area = polygonAreaMm2(ring(r));
    samples.push({
      sMm: s, areaMm2: area, equivalentDiameterMm: 2 * Math.sqrt(area / Math.PI), minDiameterMm: 2 * r, maxDiameterMm: 2 * r,
      lumenHu: 400, outerAreaMm2: outerAreaMm2(ring(OUTER_R)), hasLumen: true, calcifiedFraction: 0,
    });
    const prof = new Float64Array(R * (M + 1));
    for (let ray = 0; ray < R; ray++) for (let m = 0; m <= M; m++) prof[ray * (M + 1) + m] = m * 0.1 < r ? 400 : m * 0.1 < OUTER_R ? 60 : -80;
    profiles.push(prof);
    points.push([0, 0, s]);
  }
  const lp = { samples, frames: { n: [], b: [], t: [] }, rays: { rays: R, rMaxMm: 6, drMm: 0.1 }, radiiMm: radii, outerMm: outer, profiles } as unknown as LumenProfile;
  const a = measureLesions({ centreline: { pointsLps: points, stepMm: STEP, lengthMm: (N - 1) * STEP }, lumen: lp, warnings: [] }, []);
  return { a, base: { rays: R, radiiMm: radii, outerMm: outer } };
}

const plateau = (a: VesselAnalysis) => a.profile.map((_p, q) => q).filter((q) => Math.abs(a.profile[q]!.sMm - MLA_S) <= 1.25);

describe('applyContourEdits', () => {
  const { a, base } = synthetic();

  it('the base analysis finds the 50 % lesion (sanity of the synthetic vessel)', () => {
    expect(a.lesions).toHaveLength(1);
    expect(a.lesions[0]!.diameterStenosisPct).toBeCloseTo(50, 0);
    expect(a.lesions[0]!.remodellingIndex).toBeCloseTo(1, 5);
  });

  it('returns the analysis itself when nothing is edited', () => {
    expect(applyContourEdits(a, base, emptyEdits())).toBe(a);
  });

  it('edited lumen contours over the plateau give the analytic MLA, %DS and %AS', () => {
    const e = emptyEdits();
    for (const q of plateau(a)) e.lumen.set(q, ring(0.5));
    const b = applyContourEdits(a, base, e);
    const l = b.lesions[0]!;
    // truth: a 0.5 mm lumen against the 1.5 mm reference (the 32-gon factor cancels in the ratios); the
    // automatic reference fit is within 0.5 % of the healthy diameter
    expect(Math.abs(l.diameterStenosisPct - 100 * (1 - 0.5 / 1.5))).toBeLessThan(0.5);
    expect(Math.abs(l.areaStenosisPct - 100 * (1 - (0.5 / 1.5) ** 2))).toBeLessThan(0.5);
    expect(l.mlaMm2).toBeCloseTo(polygonAreaMm2(ring(0.5)), 3);
    expect(b.maxDiameterStenosisPct).toBe(l.diameterStenosisPct);
    // the profile follows at every edited section, untouched sections are the same objects
    for (const q of plateau(a)) expect(b.profile[q]!.areaMm2).toBeCloseTo(polygonAreaMm2(ring(0.5)), 5);
    expect(b.profile[10]).toBe(a.profile[10]);
    // base untouched
    expect(a.lesions[0]!.diameterStenosisPct).toBeCloseTo(50, 0);
  });

  it('one section dragged inward at the MLA lowers the MLA; opened up to the reference, the lesion goes', () => {
    const q = a.lesions[0]!.mlaIndex;
    const e = emptyEdits();
    e.lumen.set(q, ring(0.4));
    const b = applyContourEdits(a, base, e);
    expect(b.lesions[0]!.mlaMm2).toBeLessThan(a.lesions[0]!.mlaMm2 - 0.1);
    expect(b.lesions[0]!.diameterStenosisPct).toBeGreaterThan(a.lesions[0]!.diameterStenosisPct + 5);
    expect(Math.abs(b.lesions[0]!.mlaIndex - q)).toBeLessThanOrEqual(1);
    const open = emptyEdits();
    a.profile.forEach((p, m) => { if (Math.abs(p.sMm - MLA_S) < 4.5) open.lumen.set(m, ring(REF_R)); });
    expect(applyContourEdits(a, base, open).lesions).toEqual([]);
  });

  it('a narrowing drawn in a healthy part makes a new lesion there', () => {
    const e = emptyEdits();
    for (let q = 300; q <= 312; q++) e.lumen.set(q, ring(0.9));
    const b = applyContourEdits(a, base, e);
    const l = b.lesions.find((x) => x.sMm > 70)!;
    expect(l.sMm).toBeGreaterThanOrEqual(300 * STEP);
    expect(l.sMm).toBeLessThanOrEqual(312 * STEP);
    expect(l.diameterStenosisPct).toBeCloseTo(100 * (1 - 0.9 / 1.5), 0);
  });

  it('user reference positions are read from the edited diameters', () => {
    const e = emptyEdits();
    for (let q = 100; q <= 120; q++) e.lumen.set(q, ring(1.2)); // s 25–30 mm: the proximal reference
    const b = applyContourEdits(a, base, e, [27.5, 75]);
    // reference interpolated between 2.4 mm (edited) and 3 mm (× the 32-gon factor), read at the MLA
    const sMla = b.lesions[0]!.sMm;
    const refAtMla = 2.4 + (0.6 * (sMla - 27.5)) / 47.5;
    expect(b.lesions[0]!.referenceDiameterMm).toBeCloseTo(refAtMla * Math.sqrt(polygonAreaMm2(ring(1)) / Math.PI), 2);
  });

  it('an edited outer wall moves the remodelling index and the plaque volumes by the deltas', () => {
    const q = a.lesions[0]!.mlaIndex;
    const e = emptyEdits();
    e.outer.set(q, ring(2.4));
    e.plaqueDelta.set(q, { calcifiedMm2: 0, nonCalcifiedMm2: 2, lowAttenuationMm2: 0 });
    const b = applyContourEdits(a, base, e);
    expect(b.lesions[0]!.remodellingIndex).toBeCloseTo((2.4 / 2) ** 2, 5);
    expect(b.lesions[0]!.plaque.nonCalcifiedMm3).toBeCloseTo(a.lesions[0]!.plaque.nonCalcifiedMm3 + 2 * STEP, 5);
    expect(b.lesions[0]!.plaque.calcifiedMm3).toBe(a.lesions[0]!.plaque.calcifiedMm3);
  });
});

describe('section plaque areas from the cross-section image', () => {
  // 0.05 mm pixels, lumen r 1 (400 HU), wall to r 2: calcium (700 HU) for 0 ≤ θ < 90°, lipid (10 HU) for
  // 180–270°, fibrous (70 HU) elsewhere; fat beyond. The image axes are the contour frame rotated by 30°.
  const W = 121, px = 0.05, h = (W - 1) / 2;
  const rot = Math.PI / 6;
  const frame = { centreLps: [10, -5, 3] as const, n: [1, 0, 0] as const, b: [0, 1, 0] as const };
  const img: SectionImage = {
    data: new Float32Array(W * W), size: W, pixelMm: px, centreLps: frame.centreLps,
    axisULps: [Math.cos(rot), Math.sin(rot), 0], axisVLps: [-Math.sin(rot), Math.cos(rot), 0],
  };
  for (let b = 0; b < W; b++) for (let a = 0; a < W; a++) {
    const u = (a - h) * px, v = (b - h) * px;
    const x = u * Math.cos(rot) - v * Math.sin(rot), y = u * Math.sin(rot) + v * Math.cos(rot);
    const r = Math.hypot(x, y), th = (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
    (img.data as Float32Array)[b * W + a] = r < 1 ? 400 : r < 2 ? (th < Math.PI / 2 ? 700 : th >= Math.PI && th < 1.5 * Math.PI ? 10 : 70) : -80;
  }
  const R64 = 64;
  const ringN = (r: number) => new Float32Array(R64).fill(r);
  const wall = polygonAreaMm2(ringN(2)) - polygonAreaMm2(ringN(1));

  it('gives each HU class its share of the wall (within pixel error)', () => {
    const p = sectionPlaqueAreas(img, frame, ringN(1), ringN(2));
    expect(p.calcifiedMm2).toBeCloseTo(wall / 4, 1);
    expect(p.lowAttenuationMm2).toBeCloseTo(wall / 4, 1);
    expect(p.nonCalcifiedMm2).toBeCloseTo(wall / 2, 1);
  });

  it('a lumen contour pushed out over the plaque removes that plaque (delta)', () => {
    const before = sectionPlaqueAreas(img, frame, ringN(1), ringN(2));
    const after = sectionPlaqueAreas(img, frame, ringN(1.5), ringN(2));
    const d = plaqueAreasDelta(after, before);
    const ring15 = polygonAreaMm2(ringN(1.5)) - polygonAreaMm2(ringN(1));
    expect(d.calcifiedMm2).toBeCloseTo(-ring15 / 4, 1);
    expect(d.nonCalcifiedMm2).toBeCloseTo(-ring15 / 2, 1);
  });

  it('no outer wall (NaN rays): no plaque', () => {
    const p = sectionPlaqueAreas(img, frame, ringN(1), ringN(NaN));
    expect(p.calcifiedMm2 + p.nonCalcifiedMm2 + p.lowAttenuationMm2).toBe(0);
  });

  it('polygonRadiusAt: exact on the rays, the chord between them', () => {
    const r = ringN(2);
    expect(polygonRadiusAt(r, 0)).toBeCloseTo(2, 9);
    expect(polygonRadiusAt(r, Math.PI / R64)).toBeCloseTo(2 * Math.cos(Math.PI / R64), 9);
    expect(polygonRadiusAt(r, -Math.PI / 2)).toBeCloseTo(2, 9);
  });
});
