// A branch leaving its trunk at a shallow angle touches it under the blur before parting: the skeleton reads its
// first mm as a stub and joins its body to the trunk further on. Hand-built trunk and sides (LPS mm), the geometry
// known: the stub and the body it heads for become one side from the stub's junction; a short branch of its own,
// heading away from the trunk, stays as it is.
import { describe, expect, it } from 'vitest';
import type { Lps } from '../../../src/volume/volume.ts';
import { joinOriginStubs, type Side } from '../../../src/tree/side-stubs.ts';
import { walk } from '../../../src/tree/labels.ts';
import { lengthMm, type TreeNode } from '../../../src/tree/segments.ts';

const STEP = 0.5;
const ray = (from: Lps, deg: number, lenMm: number): Lps[] => {
  const out: Lps[] = [];
  for (let t = 0; t <= lenMm + 1e-9; t += STEP) out.push([from[0] + t * Math.cos((deg * Math.PI) / 180), from[1] + t * Math.sin((deg * Math.PI) / 180), from[2]]);
  return out;
};
const leaf = (pts: Lps[]): TreeNode => ({ points: pts, radiiMm: pts.map(() => 0.6), children: [] });
const trunk: Lps[] = ray([0, 0, 0], 0, 60);
const at = (xMm: number): number => Math.round(xMm / STEP);

/** stub at x = 20 (15° off the trunk, 6 mm), its body at x = 29 (50°, 30 mm); a branch of its own at x = 40 (80°, 8 mm), a named one at x = 48 */
function sides(): Side[] {
  return [
    { node: leaf(ray(trunk[at(20)]!, 15, 6)), index: at(20) },
    { node: leaf(ray(trunk[at(29)]!, 50, 30)), index: at(29) },
    { node: leaf(ray(trunk[at(40)]!, 80, 8)), index: at(40) },
    { node: leaf(ray(trunk[at(48)]!, 60, 25)), index: at(48) },
  ];
}
const path = (n: TreeNode): { points: Lps[]; radiiMm: number[] } => ({ points: n.points, radiiMm: n.radiiMm });

describe('origin stubs joined to their branch', () => {
  it('the stub heading along the trunk for the next branch and that branch are one side, from the stub junction', () => {
    const out = joinOriginStubs({ points: trunk }, sides(), 20, path);
    expect(out.map((s) => s.index)).toEqual([at(20), at(40), at(48)]);
    const joined = out[0]!.node;
    expect(joined.points[0]).toEqual(trunk[at(20)]);
    // the stub (6 mm), the step from its end to the body's junction (3.56 mm), the body (30 mm)
    const gap = Math.hypot(29 - 20 - 6 * Math.cos(Math.PI / 12), 6 * Math.sin(Math.PI / 12));
    expect(lengthMm(joined.points)).toBeCloseTo(6 + gap + 30, 1);
    expect(joined.radiiMm.length).toBe(joined.points.length);
  });

  it('a short branch heading away from the trunk (80°) is no stub of the next one', () => {
    const out = joinOriginStubs({ points: trunk }, sides(), 20, path);
    expect(lengthMm(out[1]!.node.points)).toBeCloseTo(8, 6);
    expect(lengthMm(out[2]!.node.points)).toBeCloseTo(25, 6);
  });

  it('a walk along the trunk sees three sides, the first from the stub junction', () => {
    const s = sides();
    // the trunk as a chain of nodes split at each junction, the sides hanging where they leave
    const cuts = [0, ...s.map((x) => x.index), trunk.length - 1];
    let next: TreeNode | null = null;
    for (let c = cuts.length - 2; c >= 0; c--) {
      const pts = trunk.slice(cuts[c]!, cuts[c + 1]! + 1);
      const side = s.find((x) => x.index === cuts[c + 1]);
      next = { points: pts, radiiMm: pts.map(() => 1.2), children: next ? [next, ...(side ? [side.node] : [])] : [] };
    }
    const w = walk(next!);
    expect(w.points.length).toBe(trunk.length);
    expect(w.sides.map((x) => x.index).sort((a, b) => a - b)).toEqual([at(20), at(40), at(48)]);
  });
});
