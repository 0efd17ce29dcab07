// A long lesion and the branch-detour rule (src/vessel/centreline-detour.ts): across a short stretch without contrast
// the axis is fitted on the centreline 4 mm beside it. Inside a long lesion's plaque the raw path's stretch without
// contrast flickers (a pin-hole, calcium bloom or noise peak every few mm cuts it into short stretches under 1 mm
// apart), and the window beside one of them lies on the others, where the centreline is itself off the lumen: a fit
// there tilts the axis off the vessel's course. Any axis read must follow the vessel (within 0.3 mm of the true
// axis), and the centreline keeps its course where it was on the axis.
// LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm voxels (synthetic).
import { describe, expect, it } from 'vitest';
import { axisAcrossDetours, findDetours } from '../../../src/vessel/centreline-detour.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { lineCurve, makeTube, roundSection } from './synthetic.ts';

const tube = makeTube({
  dims: [50, 50, 120], spacingMm: [0.4, 0.4, 0.5], originLps: [-10, -10, -30], curve: lineCurve([0, 0, -30], [0, 0, 29]),
  section: roundSection(() => 1.5, 400), maxRadiusMm: 2, backgroundHu: -90, noiseSdHu: 10, psfFwhmMm: 0.8, seed: 7,
});
const axisLine = tube.truth.map((t) => t.lps);
// the recentred centreline every 0.5 mm along z: on the axis, except across the lesion's proximal part (z −10…−5),
// where it bows 1.5 mm off the lumen
const bow = (z: number): number => (z > -10 && z < -5 ? 1.5 * Math.sin((Math.PI * (z + 10)) / 5) ** 2 : 0);
const pts: Lps[] = [];
for (let z = -25; z <= 25; z += 0.5) pts.push([bow(z), 0, z]);
// the raw path's stretches without contrast across the lesion (z −10…2), 0.5 mm of contrast between them
const gap = (a: number, b: number): { fromLps: Lps; toLps: Lps } => ({ fromLps: [0, 0, a], toLps: [0, 0, b] });
const gaps = [gap(-10, -8), gap(-7.5, -5.5), gap(-5, -3), gap(-2.5, 2)];

describe('short stretches without contrast inside a long lesion', () => {
  it('reads no axis on the off-lumen centreline of the lesion\'s other stretches', () => {
    const d = findDetours(tube.volume, pts, gaps, 0.5);
    const off = Math.max(0, ...d.flatMap((x) => x.axis.map((p) => distanceToPolyline(p, axisLine))));
    console.log(`long lesion: ${d.length} axes read, off the vessel's by ≤ ${off.toFixed(2)} mm`);
    expect(off).toBeLessThanOrEqual(0.3);
    const out = axisAcrossDetours(tube.volume, pts, gaps, 0.5);
    const worst = Math.max(...out.filter((p) => p[2] > -4).map((p) => distanceToPolyline(p, axisLine)));
    expect(worst).toBeLessThanOrEqual(0.3);
  });
});
