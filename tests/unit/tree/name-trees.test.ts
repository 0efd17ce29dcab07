// Naming the found trees from the anatomy (src/tree/name-trees.ts, labels.ts) on synthetic trees laid over an
// ellipsoidal heart (heart-fixture.ts): one test per origin/branching pattern the finder met named wrongly.
import { describe, expect, it } from 'vitest';
import { nameTrees } from '../../../src/tree/name-trees.ts';
import type { NamedPath } from '../../../src/tree/labels.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { candidate, d1, join, lad, lcx, LEFT_OSTIUM, onHeart, rightCoronary, ROOT, straight, surface, type Vessel } from './heart-fixture.ts';

const dist = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** share of a named path's points within 1.5 mm of the reference polyline's points */
function along(p: NamedPath | undefined, ref: readonly Lps[]): number {
  if (!p) return 0;
  return p.points.filter((x) => ref.some((r) => dist(x, r) < 1.5)).length / p.points.length;
}
const named = (paths: NamedPath[], name: string): NamedPath | undefined => paths.find((p) => p.name === name);

function lmTree(lcxVessel: Vessel | null, extra: Vessel[] = []): Vessel {
  const lm = straight(LEFT_OSTIUM, surface(0, 30));
  const branches: Vessel[] = [{ pts: join(lm.slice(-1), lad()), radiusMm: 1.6, branches: [d1()] }, ...extra];
  if (lcxVessel) branches.push(lcxVessel);
  return { pts: lm, radiusMm: 2.2, branches };
}

describe('naming the coronary trees', () => {
  it('a normal right-dominant tree: LM, LAD, D1, LCx, OM1, OM2, RCA, R-PDA, R-PLB', () => {
    const r = nameTrees([candidate(lmTree(lcx(30, 140))), candidate(rightCoronary())], ROOT);
    expect(r.paths.map((p) => p.name).sort()).toEqual(['D1', 'LAD', 'LCx', 'LM', 'OM1', 'OM2', 'R-PDA', 'R-PLB', 'RCA']);
    expect(r.dominance).toBe('right');
  });

  it('separate LAD and LCx ostia: two left trees, no left main, each trunk from its own ostium', () => {
    const ladTree: Vessel = { pts: join(straight([9, -2, 4], surface(0.02, 15)), onHeart([[0.02, 15], [0.1, 2], [1, 0]])), radiusMm: 1.7, branches: [d1()] };
    const lcxTree: Vessel = { ...lcx(40, 140), pts: join(straight([11, 6, 1], surface(0, 40)), onHeart([[0, 40], [0, 140]])) };
    const r = nameTrees([candidate(ladTree), candidate(lcxTree), candidate(rightCoronary())], ROOT);
    expect(named(r.paths, 'LM')).toBeUndefined();
    expect(named(r.paths, 'LAD')!.parent).toBeNull();
    expect(named(r.paths, 'LCx')!.parent).toBeNull();
    expect(along(named(r.paths, 'LAD'), ladTree.pts)).toBeGreaterThan(0.95);
    expect(along(named(r.paths, 'LCx'), lcxTree.pts)).toBeGreaterThan(0.95);
    expect(r.paths.map((p) => p.name)).toEqual(expect.arrayContaining(['D1', 'OM1', 'OM2', 'RCA', 'R-PDA']));
    expect(r.dominance).toBe('right');
  });

  it('an LCx from the right coronary, parting with it at the ostium: the left tree is the LAD alone (its early D1 no division of a left main)', () => {
    const rca = rightCoronary();
    // behind the aorta from the right ostium to the left AV groove
    const anomalous: Vessel = { ...lcx(40, 140), pts: join(straight(rca.pts[0]!, [-4, 16, -2], [8, 18, -4], surface(0, 40)), onHeart([[0, 40], [0, 140]])) };
    const right: Vessel = { pts: [rca.pts[0]!], radiusMm: 1.6, branches: [{ ...rca, pts: rca.pts }, anomalous] };
    const earlyD1: Vessel = { pts: onHeart([[0.08, 4], [0.5, 50]]), radiusMm: 1.2 };
    const ladTree: Vessel = { pts: join(straight([9, -2, 4], surface(0.02, 15)), onHeart([[0.02, 15], [0.1, 2], [1, 0]])), radiusMm: 1.7, branches: [earlyD1, d1()] };
    const r = nameTrees([candidate(ladTree), candidate(right)], ROOT);
    expect(named(r.paths, 'LM')).toBeUndefined();
    expect(named(r.paths, 'LCx')!.parent).toBe('RCA');
    expect(along(named(r.paths, 'LCx'), anomalous.pts)).toBeGreaterThan(0.95);
    expect(along(named(r.paths, 'RCA'), rca.pts)).toBeGreaterThan(0.95);
    expect(along(named(r.paths, 'LAD'), ladTree.pts)).toBeGreaterThan(0.95);
    expect(r.dominance).toBe('right');
  });

  it('an LCx occluded at its origin: the left main divides into the LAD and a ramus, no LCx claimed', () => {
    const ramus: Vessel = { pts: onHeart([[0, 30], [0.2, 45], [0.7, 60]]), radiusMm: 1.2 };
    const r = nameTrees([candidate(lmTree(null, [ramus])), candidate(rightCoronary())], ROOT);
    expect(named(r.paths, 'LCx')).toBeUndefined();
    expect(along(named(r.paths, 'ramus'), ramus.pts)).toBeGreaterThan(0.95);
    expect(named(r.paths, 'LM')).toBeDefined();
  });

  it('a trifurcation split into two divisions 3 mm apart: LAD, ramus and LCx all from the left main', () => {
    const lm = straight(LEFT_OSTIUM, surface(0, 30));
    const stem = onHeart([[0, 30], [0, 36]]);
    const ramus: Vessel = { pts: onHeart([[0, 36], [0.2, 50], [0.7, 62]]), radiusMm: 1.2 };
    const cx = lcx(36, 140);
    const tree: Vessel = { pts: lm, radiusMm: 2.2, branches: [{ pts: join(lm.slice(-1), lad()), radiusMm: 1.6, branches: [d1()] }, { pts: stem, radiusMm: 1.5, branches: [ramus, cx] }] };
    const r = nameTrees([candidate(tree), candidate(rightCoronary())], ROOT);
    expect(along(named(r.paths, 'ramus'), ramus.pts)).toBeGreaterThan(0.95);
    expect(along(named(r.paths, 'LCx'), [...stem, ...cx.pts])).toBeGreaterThan(0.95);
    expect(named(r.paths, 'OM1')).toBeDefined();
  });

  it('co-dominance: the LCx turns down the posterior groove past its OM2 (the OM2 no crux), the RCA too', () => {
    const cx: Vessel = { ...lcx(30, 180), pts: onHeart([[0, 30], [0, 180], [0.6, 180]]) };
    const rca = rightCoronary();
    const toCrux = rca.pts.slice(0, rca.pts.findIndex((p) => dist(p, surface(0, -180)) < 0.6) + 1);
    const coRca: Vessel = { pts: join(toCrux, onHeart([[0, -180], [0.6, -180]])), radiusMm: 1.5 };
    const r = nameTrees([candidate(lmTree(cx)), candidate(coRca)], ROOT);
    const groove = onHeart([[0.03, 180], [0.6, 180]]);
    expect(along(named(r.paths, 'L-PDA'), groove)).toBeGreaterThan(0.9);
    expect(along(named(r.paths, 'OM2'), cx.branches![1]!.pts)).toBeGreaterThan(0.9);
    expect(along(named(r.paths, 'R-PDA'), groove)).toBeGreaterThan(0.9);
    expect(r.dominance).toBe('co');
  });

  it('the RCA sinks slowly towards the crux and no PLB is seen: the R-PDA starts where it turns down the groove', () => {
    const groove = join(straight([-10, -6, 2], surface(0, -30)), onHeart([[0, -30], [0, -150]]));
    // the posterior AV groove sinks 5 mm over its last 30°: a slope far below a PDA's
    const sinking = onHeart([[0, -150], [0.06, -180]]);
    const pda = onHeart([[0.06, 180], [0.7, 180]]);
    const rca: Vessel = { pts: join(groove, sinking, pda), radiusMm: 1.6 };
    const r = nameTrees([candidate(lmTree(lcx(30, 120))), candidate(rca)], ROOT);
    expect(along(named(r.paths, 'RCA'), [...groove, ...sinking])).toBeGreaterThan(0.95);
    expect(along(named(r.paths, 'R-PDA'), pda)).toBeGreaterThan(0.9);
    expect(r.dominance).toBe('right');
  });

  it('an RCA reaching the crux whose PDA is not seen (faded, occluded): right dominance all the same', () => {
    const rca: Vessel = { pts: join(straight([-10, -6, 2], surface(0, -30)), onHeart([[0, -30], [0, -175]])), radiusMm: 1.6 };
    const r = nameTrees([candidate(lmTree(lcx(30, 120))), candidate(rca)], ROOT);
    expect(r.paths.some((p) => p.name.endsWith('PDA'))).toBe(false);
    expect(r.dominance).toBe('right');
  });
});
