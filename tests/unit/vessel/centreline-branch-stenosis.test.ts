// A tight stenosis where a side branch leaves (src/vessel/centreline-detour.ts): the residual lumen is below the blur,
// so the minimal path follows the branch's bright lumen from its ostium and jumps from it to the lumen after the
// stenosis, and the recentring centres on the branch. The centreline must stay on the parent's axis across the
// stenosis (mean ≤ 0.5 mm, max ≤ 1.5 mm), and a stenosis without a branch keeps its recentred course.
// LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { extractCentreline, rawPath, recentre } from '../../../src/vessel/centreline.ts';
import { findDetours } from '../../../src/vessel/centreline-detour.ts';
import { axisAcrossDarkStretches } from '../../../src/vessel/centreline-axis.ts';
import { distanceToPolyline, resampleLinear, smoothPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

// parent along z (r 1.8 mm, 400 HU, 0.5 mm wall), a 4 mm stenosis (s 28–32) whose residual lumen (r 0.15 mm) the
// blur hides; the branch (r 1.2 mm, 400 HU) leaves at s 27 at 60° from the axis, toward +x
const R0 = 1.8, RB = 1.2;
const stenosis = (s: number): boolean => s > 28 && s < 32;
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v);
  if (stenosis(s)) return d <= 0.15 ? 400 : d <= R0 + 0.5 ? 40 : null;
  if (d <= R0) return 400;
  return d <= R0 + 0.5 ? 40 : null;
};
const origin: Lps = [-10, -10, -32];
const ostium: Lps = [0, 0, -30 + 27];
const dir: Lps = [Math.sin(Math.PI / 3), 0, Math.cos(Math.PI / 3)];
const branch = (p: Lps): number | null => {
  const rel = [p[0] - ostium[0], p[1] - ostium[1], p[2] - ostium[2]];
  const t = Math.min(20, Math.max(0, rel[0]! * dir[0] + rel[1]! * dir[1] + rel[2]! * dir[2]));
  const d = Math.hypot(rel[0]! - t * dir[0], rel[1]! - t * dir[1], rel[2]! - t * dir[2]);
  return d <= RB ? 400 : d <= RB + 0.5 ? 40 : null;
};

function vessel(withBranch: boolean) {
  const tube = makeTube({
    dims: [80, 50, 128], spacingMm: [0.4, 0.4, 0.5], originLps: origin, curve: lineCurve([0, 0, -30], [0, 0, 30]),
    section, maxRadiusMm: R0 + 0.5, backgroundHu: -90, noiseSdHu: 20, psfFwhmMm: 0.8, seed: 3, extra: withBranch ? branch : undefined,
  });
  return { volume: tube.volume, line: tube.truth.map((t) => t.lps) };
}

describe('a tight stenosis where a side branch leaves', () => {
  it('the centreline stays on the parent across the stenosis (mean ≤ 0.5 mm, max ≤ 1.5 mm)', () => {
    const { volume, line } = vessel(true);
    const cl = extractCentreline(volume, { fromLps: line[0]!, toLps: line[line.length - 1]! });
    const d = cl.pointsLps.map((p) => distanceToPolyline(p, line));
    const mean = d.reduce((a, b) => a + b, 0) / d.length, max = Math.max(...d);
    console.log(`stenosis at a branch: centreline to the parent's axis mean ${mean.toFixed(2)}, max ${max.toFixed(2)} mm`);
    expect(mean).toBeLessThanOrEqual(0.5);
    expect(max).toBeLessThanOrEqual(1.5);
  });

  it('without the branch the recentred course is no detour (it stays as recentred)', () => {
    const { volume, line } = vessel(false);
    const raw = rawPath(volume, { fromLps: line[0]!, toLps: line[line.length - 1]! });
    let pts = smoothPolyline(resampleLinear(raw.points, 0.5), 2);
    for (let it = 0; it < 2; it++) pts = smoothPolyline(resampleLinear(recentre(volume, pts, raw.levels, 1.5, undefined, true), 0.5), 2, false);
    pts = axisAcrossDarkStretches(volume, pts, raw.levels.lowHu, raw.gaps, 0.5);
    const detours = findDetours(volume, pts, raw.gaps, 0.5);
    expect(detours.length).toBeGreaterThan(0);
    console.log('no branch:', detours.map((x) => `off ${x.offAxisMm.toFixed(2)} turn ${x.turnDeg.toFixed(0)} r ${x.lumenRadiusMm.toFixed(2)}`).join('; ') || 'no short stretch without contrast');
    for (const x of detours) expect(x.offAxisMm <= x.lumenRadiusMm || x.turnDeg <= 30).toBe(true);
  });
});
