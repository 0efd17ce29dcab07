/**
 * The coronary tree of one variant, drawn on the training phantom's ventricular surface (sample-data/phantom
 * coronary.ts: heart-local w along base → apex, azimuth φ from the anterior interventricular groove towards the
 * lateral wall, ±180° the posterior groove and crux) with the variant's dominance, origins, ramus, angles,
 * lengths and tortuosity. Diameters per SCCT segment from PHANTOM §2 (non-dominant arteries smaller).
 */
import type { VesselName } from '../../sample-data/truth.ts';
import { buildPath, indexAt, localPolar, pointOf, STEP_MM, surfacePoint, type VesselPath, type VesselPlan } from '../../sample-data/phantom/coronary.ts';
import { toLocal, toLps, type Anatomy } from '../../sample-data/phantom/heart.ts';
import { mulberry32, uniform, type Rng } from '../../sample-data/phantom/rng.ts';
import type { Tree } from '../../sample-data/phantom/tree.ts';
import { madd, normalize, sub, type V3 } from '../../sample-data/phantom/vec.ts';
import type { TreeVariantSpec } from './variants.ts';

type Ctl = VesselPlan['ctl'][number];
type Surf = { w: number; phiDeg: number };
type Diam = Record<number, [number, number]>;

/** PHANTOM §2: lumen diameter prox → distal per SCCT segment, mm (15, 17, 18 after their R-side twins, est). */
const SEG_DIAM: Diam = {
  1: [3.9, 3.5], 2: [3.4, 3.2], 3: [3.1, 2.8], 4: [2.0, 1.4], 5: [4.5, 4.4], 6: [3.7, 3.3], 7: [2.9, 2.3],
  8: [1.9, 1.2], 9: [2.3, 1.5], 10: [2.0, 1.3], 11: [3.4, 3.0], 12: [2.4, 1.6], 13: [2.6, 1.8], 14: [2.1, 1.4],
  15: [2.0, 1.4], 16: [2.1, 1.5], 17: [2.5, 1.6], 18: [2.1, 1.5],
};
/** Left dominance: a larger LCx, a small RCA ending at the acute margin (est). */
const LEFT_DOMINANT: Diam = { 1: [3.0, 2.7], 2: [2.6, 2.3], 3: [2.2, 1.7], 11: [3.9, 3.5], 13: [3.3, 2.7] };
const CO_DOMINANT: Diam = { 1: [3.6, 3.3], 2: [3.2, 3.0], 3: [2.8, 2.5], 11: [3.6, 3.2], 13: [2.9, 2.4] };

const j = (rng: Rng, a: number): number => uniform(rng, -a, a);
const name = (n: string): VesselName => n as VesselName;

function ostiumOnRoot(an: Anatomy, target: V3, liftMm: number): V3 {
  const dir = normalize(madd(sub(target, an.rootLps), [0, 0, 1], liftMm / 20));
  return madd(an.rootLps, dir, an.rootRadiusMm - 0.5);
}

/** Extra control points between surface points, alternately off in φ and w: a tortuous course. */
function tortuous(ctl: Ctl[], t: number, rng: Rng): Ctl[] {
  if (t <= 0) return ctl;
  const out: Ctl[] = [ctl[0]!];
  let sign = rng() < 0.5 ? -1 : 1;
  for (let q = 1; q < ctl.length; q++) {
    const a = ctl[q - 1]!, b = ctl[q]!;
    if ('w' in a && 'w' in b && Math.hypot(b.w - a.w, b.phiDeg - a.phiDeg) > 12) {
      out.push({ w: (a.w + b.w) / 2 + t * j(rng, 3), phiDeg: (a.phiDeg + b.phiDeg) / 2 + sign * t * uniform(rng, 4, 9) });
      sign = -sign;
    }
    out.push(b);
  }
  return out;
}

const jitter = (rng: Rng, pts: Surf[], dw: number, dphi: number): Surf[] => pts.map((p) => ({ w: p.w + j(rng, dw), phiDeg: p.phiDeg + j(rng, dphi) }));

/** Set SCCT segments from borders [segment, endS] and a continuous piecewise-linear reference radius. */
function assignSegments(v: VesselPath, borders: [number, number][], diam: Diam): void {
  const d = (s: number): [number, number] => diam[s] ?? SEG_DIAM[s]!;
  const knots: [number, number][] = [[0, d(borders[0]![0])[0]]];
  for (let b = 0; b < borders.length; b++) {
    const [seg, endS] = borders[b]!;
    const next = borders[b + 1];
    knots.push([Math.min(endS, v.lengthMm), next ? (d(seg)[1] + d(next[0])[0]) / 2 : d(seg)[1]]);
  }
  for (let i = 0; i < v.n; i++) {
    const s = i * STEP_MM;
    let b = 0;
    while (b < borders.length - 1 && s > borders[b]![1]) b++;
    v.segment[i] = borders[b]![0];
    let k = 0;
    while (k < knots.length - 2 && s > knots[k + 1]![0]) k++;
    const [s0, d0] = knots[k]!, [s1, d1] = knots[k + 1]!;
    const t = s1 > s0 ? Math.min(1, Math.max(0, (s - s0) / (s1 - s0))) : 0;
    v.refRadiusMm[i] = (d0 + (d1 - d0) * t) / 2;
  }
}

interface Builder { vessels: VesselPath[]; byName: Map<VesselName, VesselPath>; an: Anatomy; rng: Rng; spec: TreeVariantSpec }

function make(b: Builder, plan: VesselPlan): VesselPath {
  const v = buildPath(b.an, { ...plan, ctl: tortuous(plan.ctl, b.spec.tortuosity, b.rng) });
  b.vessels.push(v);
  b.byName.set(v.name, v);
  return v;
}

/** Clearance between the centrelines of two vessels that do not join, mm, beyond their radii: both fat sleeves (1.2 mm) and a PSF width. */
const CLEARANCE_MM = 3.5;

/** Closest approach of v's centreline to another vessel's (not its parent's), away from its take-off, mm. */
function closestMm(b: Builder, v: VesselPath): number {
  const p0 = pointOf(v, 0);
  let best = Infinity;
  for (const o of b.vessels) {
    if (o === v || o.name === v.parent) continue;
    for (let i = 0; i < v.n; i += 4) {
      const p = pointOf(v, i);
      if (Math.hypot(p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]) < 8) continue;
      for (let k = 0; k < o.n; k += 4) {
        const q = pointOf(o, k);
        best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
      }
    }
  }
  return best;
}

/**
 * A branch leaving `parent` at arc length s, its course given relative to the take-off (w, φ); its azimuth
 * spread narrows or widens until it clears the vessels already drawn (coronary branches do not run into each other).
 */
function branch(b: Builder, n: string, parent: VesselPath, s: number, rel: Surf[], r: number): VesselPath {
  const i = indexAt(parent, s);
  const p = pointOf(parent, i);
  const { w, phiDeg } = localPolar(b.an, p);
  let v: VesselPath | null = null, clear = -Infinity;
  for (const k of [1, 0.75, 1.5, 0.5, 2, 0.3, 2.5]) {
    const c = buildPath(b.an, { name: name(n), parent: parent.name, branchSMm: i * STEP_MM, meanRadiusMm: r, ctl: [{ lps: p }, ...rel.map((x) => ({ w: w + x.w, phiDeg: phiDeg + k * x.phiDeg }))] });
    const d = closestMm(b, c);
    if (d > clear) { clear = d; v = c; }
    if (d >= 2.6 + CLEARANCE_MM) break;
  }
  b.vessels.push(v!);
  b.byName.set(v!.name, v!);
  return v!;
}

/** Arc length where the vessel's azimuth first passes phiDeg (unwrapped along the vessel). */
function sAtPhi(an: Anatomy, v: VesselPath, phiDeg: number): number {
  let prev = localPolar(an, pointOf(v, 0)).phiDeg, acc = prev;
  for (let i = 1; i < v.n; i++) {
    const cur = localPolar(an, pointOf(v, i)).phiDeg;
    acc += ((cur - prev + 540) % 360) - 180;
    prev = cur;
    if (Math.abs(acc) >= Math.abs(phiDeg) && Math.sign(acc) === Math.sign(phiDeg)) return i * STEP_MM;
  }
  return v.lengthMm;
}

function leftTrunks(b: Builder): { lad: VesselPath; lcx: VesselPath | null; lm: VesselPath | null } {
  const { an, rng, spec } = b;
  const dom = spec.dominance;
  const wrap = rng();
  const ladCourse = jitter(rng, [{ w: 8, phiDeg: 16 }, { w: 30, phiDeg: 11 }, { w: 55, phiDeg: 10 }, { w: 80, phiDeg: 12 }, { w: 93, phiDeg: 18 },
    { w: 104, phiDeg: 60 }, ...(wrap > 0.3 ? [{ w: 98, phiDeg: 150 }] : []), ...(wrap > 0.6 ? [{ w: 86, phiDeg: 172 }] : [])], 2, 4);
  const lcxCourse: Surf[] = dom === 'right'
    ? jitter(rng, [{ w: 0, phiDeg: 75 }, { w: 2, phiDeg: 100 }, { w: 8, phiDeg: 120 }, { w: 12 + uniform(rng, 0, 8), phiDeg: 128 }], 1, 5)
    : jitter(rng, [{ w: 0, phiDeg: 75 }, { w: 1, phiDeg: 100 }, { w: 2, phiDeg: 130 }, { w: 3, phiDeg: 155 }, { w: 4, phiDeg: dom === 'left' ? 178 : 168 }], 0.5, 3);
  if (spec.leftOrigin === 'lm') {
    const bifPhi = 24 + j(rng, 6);
    const lmBif = surfacePoint(an, 0, bifPhi, 1.5 + 2.2);
    const lm = make(b, { name: 'LM', parent: null, branchSMm: null, ctl: [{ lps: ostiumOnRoot(an, lmBif, 4) }, { lps: lmBif }], meanRadiusMm: 2.2 });
    const end = pointOf(lm, lm.n - 1);
    const lad = make(b, { name: 'LAD', parent: 'LM', branchSMm: lm.lengthMm, meanRadiusMm: 1.4, ctl: [{ lps: end }, ...ladCourse] });
    const lcx = make(b, { name: 'LCx', parent: 'LM', branchSMm: lm.lengthMm, meanRadiusMm: 1.4, ctl: [{ lps: end }, { w: -1, phiDeg: 45 + j(rng, 5) }, ...lcxCourse] });
    if (spec.ramus) {
      make(b, { name: 'ramus', parent: 'LM', branchSMm: lm.lengthMm, meanRadiusMm: 1.0,
        ctl: [{ lps: end }, ...jitter(rng, [{ w: 3, phiDeg: 36 }, { w: 20, phiDeg: 48 }, { w: 42, phiDeg: 56 }, { w: 58 + uniform(rng, 0, 10), phiDeg: 60 }], 1.5, 4)] });
    }
    return { lad, lcx, lm };
  }
  const ladStart = surfacePoint(an, 0, 14 + j(rng, 3), 1.5 + 1.9);
  const lad = make(b, { name: 'LAD', parent: null, branchSMm: null, meanRadiusMm: 1.4, ctl: [{ lps: ostiumOnRoot(an, ladStart, 4) }, { lps: ladStart }, ...ladCourse] });
  if (spec.leftOrigin === 'lcx-from-rca') return { lad, lcx: null, lm: null };
  const lcxStart = surfacePoint(an, -1, 42 + j(rng, 4), 1.5 + 1.7);
  const lcx = make(b, { name: 'LCx', parent: null, branchSMm: null, meanRadiusMm: 1.4, ctl: [{ lps: ostiumOnRoot(an, lcxStart, 1) }, { lps: lcxStart }, ...lcxCourse] });
  return { lad, lcx, lm: null };
}

/** The LCx from the proximal RCA: behind the aortic root (between it and the left atrium) to the left AV groove. */
function retroAorticLcx(b: Builder, rca: VesselPath): VesselPath {
  const { an, rng } = b;
  const s = 3 + uniform(rng, 0, 3);
  const i = indexAt(rca, s);
  const c = toLocal(an.frame, an.rootLps[0], an.rootLps[1], an.rootLps[2]);
  const around = [[6, -10, -14], [8, -19, 0], [10, -10, 18]].map(([dw, da, db]) => ({ lps: toLps(an.frame, c[0] + dw!, c[1] + da!, c[2] + db!) }));
  const course = jitter(rng, [{ w: 0, phiDeg: 62 }, { w: 1, phiDeg: 90 }, { w: 3, phiDeg: 110 }, { w: 8, phiDeg: 120 }, { w: 16, phiDeg: 128 }], 1, 4);
  return make(b, { name: 'LCx', parent: 'RCA', branchSMm: i * STEP_MM, meanRadiusMm: 1.3, ctl: [{ lps: pointOf(rca, i) }, ...around, ...course] });
}

function rightTrunk(b: Builder): VesselPath {
  const { an, rng, spec } = b;
  const start = surfacePoint(an, -1, -50 + j(rng, 5), 1.5 + 1.8);
  const endPhi = spec.dominance === 'right' ? -190 + j(rng, 5) : spec.dominance === 'co' ? -178 : -120 + j(rng, 10);
  const course: Surf[] = spec.dominance === 'left'
    ? [{ w: 1, phiDeg: -70 }, { w: 2, phiDeg: -95 }, { w: 8, phiDeg: -110 }, { w: 16 + uniform(rng, 0, 10), phiDeg: endPhi }]
    : [{ w: 1, phiDeg: -70 }, { w: 2, phiDeg: -95 }, { w: 3, phiDeg: -130 }, { w: 4, phiDeg: -160 }, { w: 5, phiDeg: endPhi }];
  return make(b, { name: 'RCA', parent: null, branchSMm: null, meanRadiusMm: 1.7, ctl: [{ lps: ostiumOnRoot(an, start, 2) }, { lps: start }, ...jitter(rng, course.slice(0, -1), 1, 4), course.at(-1)!] });
}

/** Length scale of a side branch (0.8–1.2) applied to its course relative to the take-off. */
const scaled = (rng: Rng, pts: Surf[]): Surf[] => { const k = uniform(rng, 0.8, 1.2); return jitter(rng, pts.map((p) => ({ w: p.w * k, phiDeg: p.phiDeg * k })), 1.5, 4); };

export function buildVariantTree(an: Anatomy, spec: TreeVariantSpec): Tree {
  const b: Builder = { vessels: [], byName: new Map(), an, rng: mulberry32(spec.geometrySeed), spec };
  const rng = b.rng;
  const { lad, lm } = leftTrunks(b);
  const rca = rightTrunk(b);
  const lcx = b.byName.get('LCx') ?? retroAorticLcx(b, rca);
  const dom = spec.dominance;
  branch(b, 'D1', lad, 20 + j(rng, 5), scaled(rng, [{ w: 9, phiDeg: 14 }, { w: 28, phiDeg: 38 }, { w: 52, phiDeg: 62 }]), 0.95);
  branch(b, 'D2', lad, 46 + j(rng, 6), scaled(rng, [{ w: 9, phiDeg: 12 }, { w: 24, phiDeg: 30 }, { w: 40, phiDeg: 48 }]), 0.85);
  const om1S = (spec.leftOrigin === 'lcx-from-rca' ? 45 : spec.leftOrigin === 'separate' ? 34 : 24) + j(rng, 4);
  branch(b, 'OM1', lcx, om1S, scaled(rng, [{ w: 3, phiDeg: 2 }, { w: 10, phiDeg: 8 }, { w: 32, phiDeg: 14 }, { w: 55, phiDeg: 12 }]), 1.0);
  const om2S = dom === 'right' ? Math.min(lcx.lengthMm - 8, om1S + 26 + j(rng, 5)) : sAtPhi(an, lcx, 125);
  branch(b, 'OM2', lcx, om2S, scaled(rng, [{ w: 3, phiDeg: 2 }, { w: 10, phiDeg: 6 }, { w: 28, phiDeg: 10 }, { w: 45, phiDeg: 8 }]), 0.9);
  if (dom !== 'left') branch(b, 'R-PDA', rca, rca.lengthMm, scaled(rng, [{ w: 8, phiDeg: dom === 'co' ? -2 : 2 }, { w: 35, phiDeg: 2 }, { w: 62, phiDeg: 0 }]), 0.85);
  if (dom === 'right') branch(b, 'R-PLB', rca, rca.lengthMm, scaled(rng, [{ w: 1, phiDeg: -12 }, { w: 5, phiDeg: -26 }, { w: 16, phiDeg: -38 }]), 0.9);
  if (dom !== 'right') branch(b, 'L-PDA', lcx, lcx.lengthMm, scaled(rng, [{ w: 8, phiDeg: 2 }, { w: 35, phiDeg: 2 }, { w: 62, phiDeg: 0 }]), 0.85);
  if (dom === 'left') branch(b, 'L-PLB', lcx, sAtPhi(an, lcx, 152), scaled(rng, [{ w: 4, phiDeg: -2 }, { w: 16, phiDeg: -6 }, { w: 32, phiDeg: -8 }]), 0.9);
  segments(b, lm, lad, lcx, rca);
  return { vessels: b.vessels, byName: b.byName };
}

function segments(b: Builder, lm: VesselPath | null, lad: VesselPath, lcx: VesselPath, rca: VesselPath): void {
  const { an, byName, spec } = b;
  const diam: Diam = spec.dominance === 'left' ? LEFT_DOMINANT : spec.dominance === 'co' ? CO_DOMINANT : {};
  if (lm) assignSegments(lm, [[5, lm.lengthMm]], diam);
  let apexI = 0;
  for (let i = 0, best = -Infinity; i < lad.n; i++) { const w = localPolar(an, pointOf(lad, i)).w; if (w > best) { best = w; apexI = i; } }
  const sD1 = byName.get('D1')!.branchSMm!;
  assignSegments(lad, [[6, sD1], [7, (sD1 + apexI * STEP_MM) / 2], [8, lad.lengthMm]], diam);
  assignSegments(lcx, [[11, byName.get('OM1')!.branchSMm!], [13, lcx.lengthMm]], diam);
  let acuteI = 0;
  for (let i = 0, best = Infinity; i < rca.n; i++) { const d = Math.abs(localPolar(an, pointOf(rca, i)).phiDeg + 90); if (d < best) { best = d; acuteI = i; } }
  const acuteS = acuteI * STEP_MM;
  assignSegments(rca, [[1, acuteS / 2], [2, acuteS], [3, rca.lengthMm]], diam);
  const single: [string, number][] = [['D1', 9], ['D2', 10], ['OM1', 12], ['OM2', 14], ['R-PDA', 4], ['R-PLB', 16], ['L-PDA', 15], ['L-PLB', 18], ['ramus', 17]];
  for (const [n, seg] of single) { const v = byName.get(name(n)); if (v) assignSegments(v, [[seg, v.lengthMm]], diam); }
  for (const v of b.vessels) {
    const p = v.parent ? byName.get(v.parent)! : null;
    const base = p ? p.sFromAortaMm[indexAt(p, v.branchSMm ?? 0)]! : 0;
    for (let i = 0; i < v.n; i++) v.sFromAortaMm[i] = base + i * STEP_MM;
  }
  // parents before children: sFromAorta above reads the parent's, so the order of b.vessels matters
}
