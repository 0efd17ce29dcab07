// Vessel analysis on synthetic tubes with exact truth (LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm
// voxels, Gaussian PSF, coloured noise): centreline, leaks, stenosis, calcium, occlusion, bad input.
import { describe, expect, it } from 'vitest';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { fromTransferable, toTransferable } from '../../../src/vessel/analysis-transfer.ts';
import { extractCentreline } from '../../../src/vessel/centreline.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { isVesselError } from '../../../src/vessel/errors.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { bump, helixCurve, lineCurve, makeTube, roundSection, type SectionFn } from './synthetic.ts';

function distances(points: readonly Lps[], truth: readonly { lps: Lps }[]): { mean: number; max: number } {
  const line = truth.map((t) => t.lps);
  const d = points.map((p) => distanceToPolyline(p, line));
  return { mean: d.reduce((a, b) => a + b, 0) / d.length, max: Math.max(...d) };
}

describe('centreline on a helix beside a contrast-filled chamber (leak trap)', () => {
  const curve = helixCurve(100, [0, 0, 0], 5, 34);
  // ellipsoid chamber whose surface passes ~2 mm from the tube wall
  const chamber = (p: Lps): number | null => (((p[0] - 19.5) / 12) ** 2 + (p[1] / 10) ** 2 + (p[2] / 30) ** 2 <= 1 ? 450 : null);
  const tube = makeTube({
    dims: [130, 100, 170], spacingMm: [0.4, 0.4, 0.5], originLps: [-20, -20, -42], curve,
    section: roundSection((s) => 1.6 - 0.005 * s, 450), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 11, extra: chamber,
  });
  const tr = tube.truth;
  it('follows the tube (TS and WASM solvers agree), never entering the chamber', async () => {
    const seeds = { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps };
    const ts = extractCentreline(tube.volume, seeds);
    const wasm = extractCentreline(tube.volume, seeds, { solver: await createWasmPathSolver() });
    const d = distances(ts.pointsLps, tr);
    expect(d.mean).toBeLessThan(0.3);
    expect(d.max).toBeLessThan(1.0);
    expect(ts.lengthMm).toBeGreaterThan(97);
    expect(ts.lengthMm).toBeLessThan(103);
    expect(wasm.pointsLps).toEqual(ts.pointsLps);
    // sample spacing 0.25 mm
    for (let q = 1; q < ts.pointsLps.length; q++) {
      const a = ts.pointsLps[q - 1]!, b = ts.pointsLps[q]!;
      expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(0.26);
    }
  });
});

describe('stenoses on a straight tapering tube', () => {
  const Rref = (s: number): number => 1.7 - 0.004 * s;
  const narrowing = (s: number): number => 0.5 * bump(s, 20, 3) + 0.75 * bump(s, 45, 4) + 0.3 * bump(s, 65, 3);
  const R = (s: number): number => Rref(s) * (1 - narrowing(s));
  const tube = makeTube({
    dims: [40, 40, 160], spacingMm: [0.4, 0.4, 0.5], originLps: [-6, -6, -40], curve: lineCurve([0, 0, -38], [3, 2, 38]),
    section: roundSection(R, 450, { refMm: Rref }), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 2,
  });
  const tr = tube.truth;
  const a = analyseVessel(tube.volume, { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps });
  it('finds the three lesions with %DS within 5 points and MLA within 25 %', () => {
    expect(a.lesions.length).toBe(3);
    for (const [sMm, ds] of [[45, 75], [20, 50], [65, 30]] as const) {
      const l = a.lesions.find((x) => Math.abs(x.sMm - sMm) <= 3);
      expect(l, `lesion at ${sMm} mm`).toBeDefined();
      expect(Math.abs(l!.diameterStenosisPct - ds)).toBeLessThan(5);
      const mla = Math.PI * R(sMm) ** 2;
      expect(Math.abs(l!.mlaMm2 - mla) / mla).toBeLessThan(0.25);
      expect(l!.areaStenosisPct).toBeGreaterThan(l!.diameterStenosisPct);
    }
    expect(a.lesions[0]!.diameterStenosisPct).toBe(a.maxDiameterStenosisPct);
    expect(a.lesions.map((l) => l.diameterStenosisPct)).toEqual([...a.lesions.map((l) => l.diameterStenosisPct)].sort((x, y) => y - x));
  });
  it('measures healthy diameters within 0.25 mm and survives the transferable round trip', () => {
    for (const s of [5, 30, 55, 74]) {
      const p = a.profile[Math.round(s / 0.25)]!;
      expect(Math.abs(p.equivalentDiameterMm - 2 * Rref(s))).toBeLessThan(0.25);
      expect(p.minDiameterMm).toBeLessThanOrEqual(p.maxDiameterMm);
    }
    const t = toTransferable(a);
    const b = fromTransferable(t);
    expect(b.lesions).toEqual(a.lesions);
    expect(b.profile.length).toBe(a.profile.length);
    expect(b.profile[100]!.areaMm2).toBeCloseTo(a.profile[100]!.areaMm2, 4);
  });
});

describe('eccentric calcified plaque and a total occlusion', () => {
  const R0 = 1.6;
  // lumen shrinks to radius rl, pushed against the +u wall; calcium (900 HU, 1 mm thick, 120°) on the −u side
  const rl = (s: number): number => R0 * (1 - 0.5 * bump(s, 25, 4));
  const calcified: SectionFn = (s, u, v) => {
    const d = Math.hypot(u, v), r = rl(s), off = R0 - r;
    if (Math.hypot(u - off, v) <= r) return 450;
    if (d <= R0) {
      const ang = Math.abs(Math.atan2(v, -u));
      return d >= R0 - 1.0 && ang <= Math.PI / 3 && bump(s, 25, 4) > 0 ? 900 : 60;
    }
    return d <= R0 + 0.5 ? 40 : null;
  };
  it('keeps the lumen beside the calcium and grades the eccentric 50 % stenosis', () => {
    const tube = makeTube({
      dims: [36, 36, 110], spacingMm: [0.4, 0.4, 0.5], originLps: [-7, -7, -27], curve: lineCurve([0, 0, -25], [0, 0, 25]),
      section: calcified, maxRadiusMm: 2.2, backgroundHu: -80, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 5,
    });
    const tr = tube.truth;
    const a = analyseVessel(tube.volume, { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps });
    const l = a.lesions[0]!;
    expect(Math.abs(l.sMm - 25)).toBeLessThan(3);
    // blooming of a thick eccentric calcification: the lumen is still overestimated a little
    expect(Math.abs(l.diameterStenosisPct - 50)).toBeLessThan(15);
    // the section frame's first axis is −x here, so the lumen sits at −x and the calcium at +x
    // (from +0.6 to +1.6 mm): the centreline stays out of the calcium
    const p = a.centreline.pointsLps[Math.round(25 / 0.25)]!;
    expect(p[0]).toBeLessThan(0.2);
    expect(l.plaque.calcifiedMm3).toBeGreaterThan(0);
  });
  it('crosses a 10 mm lumen-less gap and reports a 100 % lesion with MLA 0', () => {
    const occluded: SectionFn = (s, u, v) => {
      const d = Math.hypot(u, v);
      if (d <= R0) return s > 20 && s < 30 ? 50 : s >= 30 ? 300 : 450;
      return d <= R0 + 0.5 ? 40 : null;
    };
    const tube = makeTube({
      dims: [36, 36, 110], spacingMm: [0.4, 0.4, 0.5], originLps: [-7, -7, -27], curve: lineCurve([0, 0, -25], [1, 0, 25]),
      section: occluded, maxRadiusMm: 2.2, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 6,
    });
    const tr = tube.truth;
    const a = analyseVessel(tube.volume, { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps });
    expect(distances(a.centreline.pointsLps, tr).max).toBeLessThan(1.5);
    const l = a.lesions[0]!;
    expect(l.diameterStenosisPct).toBe(100);
    expect(l.mlaMm2).toBe(0);
    expect(l.sMm).toBeGreaterThan(18);
    expect(l.sMm).toBeLessThan(32);
    expect(a.warnings.map((w) => w.code)).toContain('path-without-contrast');
  });
});

describe('bad input', () => {
  const tube = makeTube({
    dims: [30, 30, 60], spacingMm: [0.4, 0.4, 0.5], originLps: [-6, -6, -15], curve: lineCurve([0, 0, -13], [0, 0, 13]),
    section: roundSection((s) => 2.0 - 0.025 * s, 450), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 3,
  });
  const code = (f: () => unknown): string => {
    try { f(); return 'ok'; } catch (e) { return isVesselError(e) ? e.code : `other: ${(e as Error).message}`; }
  };
  it('refuses points outside the volume, outside any vessel, or on top of each other', () => {
    expect(code(() => analyseVessel(tube.volume, { fromLps: [0, 0, -13], toLps: [0, 0, 40] }))).toBe('seed-outside-volume');
    expect(code(() => analyseVessel(tube.volume, { fromLps: [NaN, 0, 0], toLps: [0, 0, 10] }))).toBe('seed-outside-volume');
    expect(code(() => analyseVessel(tube.volume, { fromLps: [4, 4, -10], toLps: [0, 0, 10] }))).toBe('seed-not-in-vessel');
    expect(code(() => analyseVessel(tube.volume, { fromLps: [0, 0, 0], toLps: [0, 0, 0.5] }))).toBe('seeds-too-close');
  });
  it('warns when the seeds look swapped (distal end wider) but still measures', () => {
    const a = analyseVessel(tube.volume, { fromLps: [0, 0, 12], toLps: [0, 0, -12] });
    expect(a.centreline.lengthMm).toBeGreaterThan(22);
    expect(a.warnings.map((w) => w.code)).toContain('seeds-swapped');
  });
});
