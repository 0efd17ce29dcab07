// A side branch's ostium is not a stenosis of the parent: a straight parent (lumen radius 1.5 mm tapering, 420 HU,
// 0.5 mm wall at 40 HU, fat −90 HU) with a side branch of 70 % (or 60 %) of its calibre leaving at 35 mm, its lumen
// open into the parent's, on a synthetic tube (LPS mm, 0.4 × 0.4 × 0.5 mm voxels, Gaussian PSF 0.7 mm FWHM, coloured
// noise 25 HU). s = arc length from the proximal seed, mm. At the take-off the section holds the parent and the
// branch's opening (a flare), and the centreline may swerve toward the branch; neither may read as a narrowing.
import { describe, expect, it } from 'vitest';
import { analyseVessel, type VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

const refRadius = (s: number): number => 1.5 - 0.006 * s;
const A: Lps = [0, 0, -35], B: Lps = [3, 2, 35];
const LENGTH = Math.hypot(3, 2, 70);
const axis = [3 / LENGTH, 2 / LENGTH, 70 / LENGTH] as const;

/** the parent's lumen (its wall is drawn with the branch, so that the branch's lumen opens through it) */
const parent: SectionFn = (s, u, v) => (Math.hypot(u, v) <= refRadius(s) ? 420 : null);

/** distance of p from the parent's axis and the arc length there, mm */
function onParent(p: Lps): { d: number; s: number } {
  const s = Math.max(0, Math.min(LENGTH, (p[0] - A[0]) * axis[0] + (p[1] - A[1]) * axis[1] + (p[2] - A[2]) * axis[2]));
  return { d: Math.hypot(p[0] - A[0] - s * axis[0], p[1] - A[1] - s * axis[1], p[2] - A[2] - s * axis[2]), s };
}

const BRANCH_MM = 24;

/** where a branch leaving the parent's axis at arc length `atMm`, `angleDeg` from the parent's direction, goes */
function branchAxis(atMm: number, angleDeg: number): { o: number[]; dir: number[] } {
  const o = [0, 1, 2].map((k) => A[k]! + axis[k]! * atMm);
  // a direction perpendicular to the axis (the axis is near z): x × axis, normalised
  const px = [0, -axis[2], axis[1]], pn = Math.hypot(...px);
  const a = (angleDeg * Math.PI) / 180;
  return { o, dir: [0, 1, 2].map((k) => Math.cos(a) * axis[k]! + Math.sin(a) * px[k]! / pn) };
}

/** a branch of radius `rMm` (see branchAxis), BRANCH_MM long */
function branch(atMm: number, angleDeg: number, rMm: number): (p: Lps) => number | null {
  const { o, dir } = branchAxis(atMm, angleDeg);
  return (p) => {
    const w = [0, 1, 2].map((k) => p[k]! - o[k]!);
    const t = w[0]! * dir[0]! + w[1]! * dir[1]! + w[2]! * dir[2]!;
    const d = t < 0 || t > BRANCH_MM ? Infinity : Math.hypot(w[0]! - t * dir[0]!, w[1]! - t * dir[1]!, w[2]! - t * dir[2]!);
    if (d <= rMm) return 420;
    const par = onParent(p);
    return d <= rMm + 0.5 || par.d <= refRadius(par.s) + 0.5 ? 40 : null;
  };
}

/** the parent with its branch; `traced`: the parent from end to end, or the branch from the take-off on the parent's axis */
async function analyse(angleDeg: number, seed: number, traced: 'parent' | 'branch' | 'parent-into-branch', calibre = 0.7): Promise<VesselAnalysis> {
  const tube = makeTube({
    dims: [60, 90, 150], spacingMm: [0.4, 0.4, 0.5], originLps: [-12, -28, -37], curve: lineCurve(A, B),
    section: parent, maxRadiusMm: 2.2, backgroundHu: -90, noiseSdHu: 25, psfFwhmMm: 0.7, seed,
    extra: branch(35, angleDeg, calibre * refRadius(35)),
  });
  const tr = tube.truth;
  const { o, dir } = branchAxis(35, angleDeg);
  const branchEnd = [0, 1, 2].map((k) => o[k]! + (BRANCH_MM - 1) * dir[k]!) as unknown as Lps;
  const seeds = traced === 'parent' ? { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps }
    : { fromLps: traced === 'branch' ? (o as unknown as Lps) : tr[0]!.lps, toLps: branchEnd };
  return analyseVessel(tube.volume, seeds, { solver: await createWasmPathSolver() });
}

const summary = (a: VesselAnalysis): string => a.lesions.map((l) => `${l.diameterStenosisPct.toFixed(0)} % at ${l.sMm.toFixed(1)} mm (${l.startSMm.toFixed(1)}–${l.endSMm.toFixed(1)})`).join('; ') || 'none';

describe('a side branch\'s ostium is not a stenosis of the parent', () => {
  for (const [angle, seed] of [[30, 2], [45, 3], [90, 4]] as const) {
    it(`a 70 % branch leaving at ${angle}°: no lesion ≥ 25 % on the parent`, async () => {
      const a = await analyse(angle, seed, 'parent');
      // the branch is in the image: its ostium is seen beside the parent
      expect(a.branchesMm.some((s) => Math.abs(s - 35) <= 3), `branches at ${a.branchesMm.map((s) => s.toFixed(1)).join(', ')}`).toBe(true);
      expect(a.lesions.filter((l) => l.diameterStenosisPct >= 25), summary(a)).toEqual([]);
    }, 60_000);
  }
});

describe('a branch traced from its parent is measured against its own calibre', () => {
  // the proximal seed on the parent's axis at the take-off: the first sections hold the parent's lumen (wider), then the
  // branch's own 70 % calibre follows: the step is the branch's origin, not a narrowing
  for (const [angle, seed] of [[45, 5], [90, 6]] as const) {
    it(`a 70 % branch leaving at ${angle}°, traced from the parent's axis: no lesion ≥ 25 %`, async () => {
      const a = await analyse(angle, seed, 'branch');
      expect(a.lesions.filter((l) => l.diameterStenosisPct >= 25), summary(a)).toEqual([]);
    }, 60_000);
  }
});

describe('a vessel traced from its parent into a branch has the branch\'s calibre as its reference past the take-off', () => {
  // not met yet: the reference is a local linear fit (20 mm bandwidth) that lags a step in calibre, so the branch's
  // first millimetres read narrowed against the parent's calibre (45°: 36 % at 37 mm; 90°: 41 % at 35 mm)
  for (const [angle, seed] of [[45, 7], [90, 8]] as const) {
    it.fails(`the parent, then a 60 % branch leaving at ${angle}°: no lesion ≥ 25 %`, async () => {
      const a = await analyse(angle, seed, 'parent-into-branch', 0.6);
      expect(a.lesions.filter((l) => l.diameterStenosisPct >= 25), summary(a)).toEqual([]);
    }, 60_000);
  }
});
