// Lesion geometry on the vessel paths: per-point outer-wall radius, lumen circle (radius and offset),
// plaque side, and the plaque-composition classifier shared by the rasteriser and the truth.
import type { VesselName } from '../truth';
import type { LesionSpec } from './cases';
import { indexAt, pointOf, STEP_MM, type VesselPath } from './coronary';
import type { Tree } from './tree';
import { dot, madd, sub, type V3 } from './vec';

export const PLATEAU_HALF_MM = 1.25;

export interface LesionGeom {
  spec: LesionSpec;
  vessel: VesselPath;
  /** MLA plateau centre, start, end (arc length on the vessel), mm */
  sCentreMm: number;
  startSMm: number;
  endSMm: number;
  /** plaque direction angle in the (n1, n2) frame, radians */
  psi: number;
  rMinMm: number;
  spots: { lps: V3; radiusMm: number; hu: number }[];
}

/** Per-vessel cross-section model. Healthy points: rOut = rLum = reference radius, c = 0. */
export interface VesselModel {
  path: VesselPath;
  rOut: Float64Array;
  rLum: Float64Array;
  c1: Float64Array;
  c2: Float64Array;
  /** index into `lesions` or −1 */
  lesionAt: Int16Array;
  lumenHu: Float64Array;
}

export const SAMPLE_OUTSIDE = 0;
export const SAMPLE_PLAQUE = 1;
export const SAMPLE_LUMEN = 2;

function anchorS(tree: Tree, spec: LesionSpec): number {
  const v = tree.byName.get(spec.vessel)!;
  const a = spec.anchor;
  if (a === 'ostium') return 0;
  if (a === 'end') return v.lengthMm;
  if ('branch' in a) {
    const b = tree.byName.get(a.branch);
    if (!b || b.parent !== v.name) throw new Error(`lesion ${spec.id}: ${a.branch} is not a branch of ${v.name}`);
    return b.branchSMm!;
  }
  const seg = 'segmentMid' in a ? a.segmentMid : a.segmentEnd;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.n; i++) if (v.segment[i] === seg) { lo = Math.min(lo, i * STEP_MM); hi = Math.max(hi, i * STEP_MM); }
  if (!(hi >= lo)) throw new Error(`lesion ${spec.id}: segment ${seg} not on ${v.name}`);
  return 'segmentMid' in a ? (lo + hi) / 2 : hi;
}

/** Stenosis profile 0..1: 1 on the MLA plateau, sin² ramps to 0 at start and end. */
export function profile(g: LesionGeom, s: number): number {
  if (s < g.startSMm || s > g.endSMm) return 0;
  if (g.spec.occlusion) return 1; // total occlusion: lumen-less over the whole span, blunt ends
  const p0 = g.sCentreMm - PLATEAU_HALF_MM;
  const p1 = g.sCentreMm + PLATEAU_HALF_MM;
  if (s >= p0 && s <= p1) return 1;
  const t = s < p0 ? (s - g.startSMm) / Math.max(1e-6, p0 - g.startSMm) : (g.endSMm - s) / Math.max(1e-6, g.endSMm - p1);
  return Math.sin((Math.PI / 2) * Math.min(1, Math.max(0, t))) ** 2;
}

export function buildLesions(tree: Tree, specs: readonly LesionSpec[]): LesionGeom[] {
  return specs.map((spec) => {
    const v = tree.byName.get(spec.vessel);
    if (!v) throw new Error(`lesion ${spec.id}: unknown vessel ${spec.vessel}`);
    const sC = Math.min(v.lengthMm - PLATEAU_HALF_MM, Math.max(PLATEAU_HALF_MM, anchorS(tree, spec) + spec.offsetMm));
    const iC = indexAt(v, sC);
    let psi = Math.PI;
    if (typeof spec.plaqueSide === 'object') {
      const b = tree.byName.get(spec.plaqueSide.awayFrom)!;
      const dir = sub(pointOf(b, Math.min(b.n - 1, 16)), pointOf(b, 0));
      const n1: V3 = [v.n1[3 * iC]!, v.n1[3 * iC + 1]!, v.n1[3 * iC + 2]!];
      const n2: V3 = [v.n2[3 * iC]!, v.n2[3 * iC + 1]!, v.n2[3 * iC + 2]!];
      psi = Math.atan2(dot(dir, n2), dot(dir, n1)) + Math.PI;
    }
    if (spec.occlusion && spec.dsPct !== 100) throw new Error(`lesion ${spec.id}: an occlusion has dsPct 100, got ${spec.dsPct}`);
    const rMinMm = v.refRadiusMm[iC]! * (1 - spec.dsPct / 100);
    return {
      spec, vessel: v, sCentreMm: sC, startSMm: Math.max(0, sC - spec.proximalMm),
      endSMm: Math.min(v.lengthMm, sC + spec.distalMm), psi, rMinMm, spots: [],
    };
  });
}

export function buildVesselModels(tree: Tree, lesions: LesionGeom[], lumenHuAt: (sFromAortaMm: number) => number): VesselModel[] {
  const models = tree.vessels.map((v) => {
    const m: VesselModel = {
      path: v, rOut: Float64Array.from(v.refRadiusMm), rLum: Float64Array.from(v.refRadiusMm),
      c1: new Float64Array(v.n), c2: new Float64Array(v.n), lesionAt: new Int16Array(v.n).fill(-1),
      lumenHu: Float64Array.from(v.sFromAortaMm, (s) => lumenHuAt(s)),
    };
    lesions.forEach((g, li) => {
      if (g.vessel !== v) return;
      for (let i = 0; i < v.n; i++) {
        const p = profile(g, i * STEP_MM);
        if (p <= 0) continue;
        const R = v.refRadiusMm[i]!;
        const rOut = R * Math.sqrt(1 + (g.spec.remodellingIndex - 1) * p);
        const rLum = R - p * (R - g.rMinMm);
        const e = g.spec.eccentricity * (rOut - rLum);
        m.rOut[i] = rOut;
        m.rLum[i] = rLum;
        m.c1[i] = -e * Math.cos(g.psi);
        m.c2[i] = -e * Math.sin(g.psi);
        m.lesionAt[i] = li;
      }
      // spotty calcifications: mid-wall on the plaque side, positioned in LPS
      for (const sp of g.spec.plaque.spots ?? []) {
        const i = indexAt(v, g.sCentreMm + sp.offsetMm);
        const th = g.psi + (sp.angleDeg * Math.PI) / 180;
        const d1 = Math.cos(th);
        const d2 = Math.sin(th);
        const dc = d1 * m.c1[i]! + d2 * m.c2[i]!;
        const cc = m.c1[i]! ** 2 + m.c2[i]! ** 2;
        const rhoL = dc + Math.sqrt(Math.max(0, dc * dc - cc + m.rLum[i]! ** 2));
        const rho = (rhoL + m.rOut[i]!) / 2;
        const n1: V3 = [v.n1[3 * i]!, v.n1[3 * i + 1]!, v.n1[3 * i + 2]!];
        const n2: V3 = [v.n2[3 * i]!, v.n2[3 * i + 1]!, v.n2[3 * i + 2]!];
        g.spots.push({ lps: madd(madd(pointOf(v, i), n1, rho * d1), n2, rho * d2), radiusMm: sp.radiusMm, hu: sp.hu });
      }
    });
    return m;
  });
  refillBeyondOcclusions(tree, lesions, models);
  return models;
}

/** The direct branch of `root` that `v` is or descends from (null when v is not below root). */
function branchOf(tree: Tree, v: VesselPath, root: VesselName): VesselPath | null {
  let top: VesselPath = v;
  while (top.parent !== null && top.parent !== root) top = tree.byName.get(top.parent)!;
  return top.parent === root ? top : null;
}

/**
 * Collateral refill beyond each total occlusion: the occluded vessel after the occlusion's end, and every
 * vessel branching off it there (with their own branches), carry refillHuFraction × their lumen HU.
 */
function refillBeyondOcclusions(tree: Tree, lesions: LesionGeom[], models: VesselModel[]): void {
  for (const g of lesions) {
    const f = g.spec.occlusion?.refillHuFraction;
    if (f === undefined) continue;
    for (const m of models) {
      const v = m.path;
      let from = v.n;
      if (v === g.vessel) from = Math.floor(g.endSMm / STEP_MM) + 1;
      else if ((branchOf(tree, v, g.vessel.name)?.branchSMm ?? -Infinity) > g.endSMm) from = 0;
      for (let i = from; i < v.n; i++) m.lumenHu[i] = f * m.lumenHu[i]!;
    }
  }
}

/**
 * Classify a sample of vessel point i at cross-section coordinates (u1, u2) (mm, in the n1/n2 frame)
 * and LPS position q. Returns SAMPLE_* and writes the plaque HU into out[0] for plaque samples.
 */
export function classify(
  m: VesselModel, lesions: LesionGeom[], i: number, u1: number, u2: number,
  qx: number, qy: number, qz: number, out: Float64Array,
): number {
  const rOut = m.rOut[i]!;
  const rho2 = u1 * u1 + u2 * u2;
  if (rho2 > rOut * rOut) return SAMPLE_OUTSIDE;
  const li = m.lesionAt[i]!;
  const l1 = u1 - m.c1[i]!;
  const l2 = u2 - m.c2[i]!;
  const rl = m.rLum[i]!;
  if (l1 * l1 + l2 * l2 < rl * rl) return SAMPLE_LUMEN;
  if (li < 0) return SAMPLE_LUMEN; // healthy: rOut = rLum, boundary case
  const g = lesions[li]!;
  const pl = g.spec.plaque;
  for (const sp of g.spots) {
    const dx = qx - sp.lps[0];
    const dy = qy - sp.lps[1];
    const dz = qz - sp.lps[2];
    if (dx * dx + dy * dy + dz * dz < sp.radiusMm * sp.radiusMm) {
      out[0] = sp.hu;
      return SAMPLE_PLAQUE;
    }
  }
  const rho = Math.sqrt(rho2);
  if (pl.calcium) {
    let dAng = Math.atan2(u2, u1) - g.psi;
    dAng = Math.atan2(Math.sin(dAng), Math.cos(dAng));
    const inArc = pl.calcium.arcDeg >= 360 || Math.abs(dAng) <= (pl.calcium.arcDeg * Math.PI) / 360;
    if (inArc && (pl.calcium.depthMm === undefined || rOut - rho <= pl.calcium.depthMm)) {
      out[0] = pl.calcium.hu;
      return SAMPLE_PLAQUE;
    }
  }
  if (pl.core) {
    const dLum = Math.sqrt(l1 * l1 + l2 * l2) - rl;
    out[0] = rOut - rho > pl.core.rimMm && dLum > 0.25 ? pl.core.hu : pl.core.rimHu;
    return SAMPLE_PLAQUE;
  }
  out[0] = pl.fibrousHu;
  return SAMPLE_PLAQUE;
}

export function vesselByName(models: VesselModel[], name: VesselName): VesselModel {
  const m = models.find((x) => x.path.name === name);
  if (!m) throw new Error(`no vessel ${name}`);
  return m;
}
