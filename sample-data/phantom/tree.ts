// The right-dominant coronary tree of one case: plans, SCCT segments, tapered reference radii.
import type { VesselName } from '../truth';
import { buildPath, surfacePoint as surfaceLps, indexAt, localPolar, pointOf, STEP_MM, type VesselPath, type VesselPlan } from './coronary';
import type { Anatomy } from './heart';
import { madd, normalize, sub, type V3 } from './vec';

/** PHANTOM §2 table: lumen diameter prox → distal per SCCT segment, mm. */
const SEG_DIAM: Record<number, [number, number]> = {
  1: [3.9, 3.5], 2: [3.4, 3.2], 3: [3.1, 2.8], 4: [2.0, 1.4], 5: [4.5, 4.4], 6: [3.7, 3.3], 7: [2.9, 2.3],
  8: [1.9, 1.2], 9: [2.3, 1.5], 10: [2.0, 1.3], 11: [3.4, 3.0], 12: [2.4, 1.6], 13: [2.6, 1.8], 14: [2.1, 1.4],
  16: [2.1, 1.5],
};

export interface Tree {
  vessels: VesselPath[];
  byName: Map<VesselName, VesselPath>;
}

/** Set segment numbers from borders [segment, endS] and a continuous piecewise-linear diameter. */
function assignSegments(v: VesselPath, borders: [number, number][]): void {
  const knots: [number, number][] = [[0, SEG_DIAM[borders[0]![0]]![0]]];
  for (let b = 0; b < borders.length; b++) {
    const [seg, endS] = borders[b]!;
    const next = borders[b + 1];
    const dEnd = SEG_DIAM[seg]![1];
    knots.push([Math.min(endS, v.lengthMm), next ? (dEnd + SEG_DIAM[next[0]]![0]) / 2 : dEnd]);
  }
  for (let i = 0; i < v.n; i++) {
    const s = i * STEP_MM;
    let b = 0;
    while (b < borders.length - 1 && s > borders[b]![1]) b++;
    v.segment[i] = borders[b]![0];
    let k = 0;
    while (k < knots.length - 2 && s > knots[k + 1]![0]) k++;
    const [s0, d0] = knots[k]!;
    const [s1, d1] = knots[k + 1]!;
    const t = s1 > s0 ? Math.min(1, Math.max(0, (s - s0) / (s1 - s0))) : 0;
    v.refRadiusMm[i] = (d0 + (d1 - d0) * t) / 2;
  }
}

function ostiumOnRoot(an: Anatomy, target: V3, liftMm: number): V3 {
  const dir = normalize(madd(sub(target, an.rootLps), [0, 0, 1], liftMm / 20));
  return madd(an.rootLps, dir, an.rootRadiusMm - 0.5);
}

export const BRANCH_S: Record<'D1' | 'D2' | 'OM1' | 'OM2', number> = { D1: 20, D2: 46, OM1: 24, OM2: 52 };

export function buildTree(an: Anatomy): Tree {
  const vessels: VesselPath[] = [];
  const byName = new Map<VesselName, VesselPath>();
  const make = (plan: VesselPlan) => {
    const v = buildPath(an, plan);
    vessels.push(v);
    byName.set(v.name, v);
    return v;
  };
  const at = (v: VesselPath, s: number) => pointOf(v, indexAt(v, s));
  const wPhi = (p: V3) => localPolar(an, p);
  const lmBif = surfaceLps(an, 0, 24, 1.5 + 2.2);
  const lmOst = ostiumOnRoot(an, lmBif, 4);
  const lm = make({ name: 'LM', parent: null, branchSMm: null, ctl: [{ lps: lmOst }, { lps: lmBif }], meanRadiusMm: 2.2 });
  const lmEnd = pointOf(lm, lm.n - 1);
  const lad = make({
    name: 'LAD', parent: 'LM', branchSMm: lm.lengthMm, meanRadiusMm: 1.4,
    ctl: [{ lps: lmEnd }, { w: 8, phiDeg: 16 }, { w: 30, phiDeg: 11 }, { w: 55, phiDeg: 10 }, { w: 80, phiDeg: 12 },
      { w: 93, phiDeg: 18 }, { w: 104, phiDeg: 60 }, { w: 98, phiDeg: 150 }, { w: 86, phiDeg: 172 }],
  });
  const lcx = make({
    name: 'LCx', parent: 'LM', branchSMm: lm.lengthMm, meanRadiusMm: 1.4,
    ctl: [{ lps: lmEnd }, { w: -1, phiDeg: 45 }, { w: 0, phiDeg: 75 }, { w: 2, phiDeg: 100 }, { w: 8, phiDeg: 120 },
      { w: 16, phiDeg: 128 }],
  });
  const rcaStart = surfaceLps(an, -1, -50, 1.5 + 1.8);
  const rcaOst = ostiumOnRoot(an, rcaStart, 2);
  const rca = make({
    name: 'RCA', parent: null, branchSMm: null, meanRadiusMm: 1.7,
    ctl: [{ lps: rcaOst }, { lps: rcaStart }, { w: 1, phiDeg: -70 }, { w: 2, phiDeg: -95 }, { w: 3, phiDeg: -130 },
      { w: 4, phiDeg: -165 }, { w: 5, phiDeg: -190 }],
  });
  const branch = (name: VesselName, parent: VesselPath, s: number, ctl: (w: number, phi: number) => { w: number; phiDeg: number }[], r: number) => {
    const p = at(parent, s);
    const { w, phiDeg } = wPhi(p);
    return make({ name, parent: parent.name, branchSMm: indexAt(parent, s) * STEP_MM, ctl: [{ lps: p }, ...ctl(w, phiDeg)], meanRadiusMm: r });
  };
  branch('D1', lad, BRANCH_S.D1, (w, f) => [{ w: w + 9, phiDeg: f + 14 }, { w: w + 28, phiDeg: f + 38 }, { w: w + 52, phiDeg: f + 62 }], 0.95);
  branch('D2', lad, BRANCH_S.D2, (w, f) => [{ w: w + 9, phiDeg: f + 12 }, { w: w + 24, phiDeg: f + 30 }, { w: w + 40, phiDeg: f + 48 }], 0.85);
  branch('OM1', lcx, BRANCH_S.OM1, (w, f) => [{ w: w + 3, phiDeg: f + 2 }, { w: w + 10, phiDeg: f + 8 }, { w: w + 32, phiDeg: f + 14 }, { w: w + 55, phiDeg: f + 12 }], 1.0);
  branch('OM2', lcx, BRANCH_S.OM2, (w, f) => [{ w: w + 3, phiDeg: f + 2 }, { w: w + 10, phiDeg: f + 6 }, { w: w + 28, phiDeg: f + 10 }, { w: w + 45, phiDeg: f + 8 }], 0.9);
  const crux = rca.lengthMm;
  branch('R-PDA', rca, crux, (w, f) => [{ w: w + 8, phiDeg: f + 2 }, { w: w + 35, phiDeg: f + 2 }, { w: w + 62, phiDeg: f }], 0.85);
  branch('R-PLB', rca, crux, (w, f) => [{ w: w + 1, phiDeg: f - 12 }, { w: w + 5, phiDeg: f - 26 }, { w: w + 16, phiDeg: f - 38 }], 0.9);

  // segments and radii
  assignSegments(lm, [[5, lm.lengthMm]]);
  const apexI = argMax(lad, (p) => wPhi(p).w);
  const sD1 = byName.get('D1')!.branchSMm!;
  assignSegments(lad, [[6, sD1], [7, (sD1 + apexI * STEP_MM) / 2], [8, lad.lengthMm]]);
  assignSegments(lcx, [[11, byName.get('OM1')!.branchSMm!], [13, lcx.lengthMm]]);
  const acuteI = argMax(rca, (p) => -Math.abs(wPhi(p).phiDeg + 90));
  const acuteS = acuteI * STEP_MM;
  assignSegments(rca, [[1, acuteS / 2], [2, acuteS], [3, rca.lengthMm]]);
  const single: [VesselName, number][] = [['D1', 9], ['D2', 10], ['OM1', 12], ['OM2', 14], ['R-PDA', 4], ['R-PLB', 16]];
  for (const [name, seg] of single) assignSegments(byName.get(name)!, [[seg, byName.get(name)!.lengthMm]]);
  // arc length from the aorta
  for (const v of vessels) {
    const base = v.parent ? byName.get(v.parent)!.sFromAortaMm[indexAt(byName.get(v.parent)!, v.branchSMm ?? 0)]! : 0;
    for (let i = 0; i < v.n; i++) v.sFromAortaMm[i] = base + i * STEP_MM;
  }
  return { vessels, byName };
}

function argMax(v: VesselPath, f: (p: V3) => number): number {
  let best = 0;
  let bestV = -Infinity;
  for (let i = 0; i < v.n; i++) {
    const val = f(pointOf(v, i));
    if (val > bestV) {
      bestV = val;
      best = i;
    }
  }
  return best;
}
