/**
 * A lesion at a bifurcation, and its Medina class (Medina, Rev Esp Cardiol 2006): three digits for the proximal
 * main vessel, the distal main vessel and the side branch, 1 where the lumen there is narrowed by ≥ 50 % in
 * diameter (the definition's threshold), 0 otherwise. Pure: reads traced centrelines, lumen profiles and lesions
 * (LPS mm, arc length mm from each centreline's first point); a digit the traced vessels cannot give stays
 * undefined.
 *
 * A branch leaves the lesion's vessel inside the lesion's extent when another traced vessel starts there (its first
 * point within the vessel's reference radius + 1 mm of the centreline: a click on the ostium lands in the parent's
 * lumen or on its wall), or, when none is traced, where the image shows a side branch's ostium (branches.ts). A
 * lesion that reaches the end of its vessel where traced vessels start (a left main dividing) takes the wider one
 * as the distal main vessel, the other as the side branch.
 */
import type { Lps } from '../volume/volume.ts';

export type MedinaDigit = 0 | 1 | undefined;

export interface BifurcationVessel {
  readonly id: string;
  readonly pointsLps: readonly Lps[];
  readonly profile: readonly { readonly sMm: number; readonly hasLumen: boolean; readonly equivalentDiameterMm: number; readonly referenceDiameterMm: number }[];
  readonly lesions: readonly { readonly diameterStenosisPct: number; readonly extent: { readonly startSMm: number } }[];
}

export interface LesionBifurcation {
  /** where the side branch leaves, arc length on the lesion's vessel, mm */
  readonly branchSMm: number;
  /** the traced side branch (undefined: seen in the image only) */
  readonly sideId?: string;
  /** the traced vessel continuing the main vessel past a division at the lesion's vessel's end */
  readonly distalId?: string;
  /** Medina digits: proximal main, distal main, side branch */
  readonly medina: readonly [MedinaDigit, MedinaDigit, MedinaDigit];
}

/** Medina's threshold: a significant narrowing is ≥ 50 % in diameter. */
export const MEDINA_DS_PCT = 50;
/** an ostial lesion starts within this of its vessel's origin, mm (the usual definition of ostial) */
const OSTIAL_MM = 3;
/** a traced vessel starts on this one when its first point is within its reference radius plus this, mm */
const TOUCH_MARGIN_MM = 1;

const digit = (pct: number): 0 | 1 => (pct >= MEDINA_DS_PCT ? 1 : 0);

/** Largest %DS over sections with sMm in [s0, s1] (3-section mean diameters, as the lesion search), −∞ when none. */
function maxStenosisPct(v: BifurcationVessel, s0: number, s1: number): number {
  const p = v.profile;
  let max = -Infinity;
  for (let q = 0; q < p.length; q++) {
    if (p[q]!.sMm < s0 || p[q]!.sMm > s1) continue;
    if (!p[q]!.hasLumen) return 100;
    let acc = 0, c = 0;
    for (let m = Math.max(0, q - 1); m <= Math.min(p.length - 1, q + 1); m++) if (p[m]!.hasLumen) { acc += p[m]!.equivalentDiameterMm; c++; }
    const ref = p[q]!.referenceDiameterMm;
    if (c && ref > 0) max = Math.max(max, 100 * (1 - acc / c / ref));
  }
  return max;
}

/** Reference diameter at arc length s, mm (nearest section). */
function referenceAt(v: BifurcationVessel, sMm: number): number {
  let best = v.profile[0]!;
  for (const p of v.profile) if (Math.abs(p.sMm - sMm) < Math.abs(best.sMm - sMm)) best = p;
  return Number.isFinite(best.referenceDiameterMm) ? best.referenceDiameterMm : 0;
}

/** %DS of a vessel's ostial lesion (0 when it has none). */
export function ostialStenosisPct(v: BifurcationVessel): number {
  return Math.max(0, ...v.lesions.filter((l) => l.extent.startSMm <= OSTIAL_MM).map((l) => l.diameterStenosisPct));
}

/** Where `p` is nearest to the vessel's centreline: arc length and distance, mm. */
function nearest(v: BifurcationVessel, p: Lps): { sMm: number; distMm: number; q: number } {
  let best = { sMm: 0, distMm: Infinity, q: 0 };
  v.pointsLps.forEach((c, q) => {
    const d = Math.hypot(c[0] - p[0], c[1] - p[1], c[2] - p[2]);
    if (d < best.distMm) best = { sMm: v.profile[q]?.sMm ?? 0, distMm: d, q };
  });
  return best;
}

/** Traced vessels starting on `main` between s0 and s1: where, and their reference diameter at the origin. */
function daughters(main: BifurcationVessel, others: readonly BifurcationVessel[], s0: number, s1: number) {
  const out: { v: BifurcationVessel; sMm: number; originDiameterMm: number }[] = [];
  for (const o of others) {
    const first = o.pointsLps[0];
    if (!first || o.id === main.id) continue;
    const at = nearest(main, first);
    const refR = (main.profile[at.q]?.referenceDiameterMm ?? 0) / 2;
    if (at.sMm < s0 || at.sMm > s1 || !(at.distMm <= refR + TOUCH_MARGIN_MM)) continue;
    const head = o.profile.filter((p) => p.sMm <= OSTIAL_MM + 5 && p.sMm >= OSTIAL_MM && Number.isFinite(p.referenceDiameterMm));
    out.push({ v: o, sMm: at.sMm, originDiameterMm: head.length ? head.reduce((a, p) => a + p.referenceDiameterMm, 0) / head.length : 0 });
  }
  return out;
}

/**
 * The bifurcation of a lesion (extent on `main`, MLA at `mlaSMm`), or undefined when no branch leaves inside it.
 * `imageBranchesMm`: side-branch ostia the image shows along `main`.
 */
export function lesionBifurcation(
  main: BifurcationVessel, extent: { readonly startSMm: number; readonly endSMm: number }, mlaSMm: number,
  others: readonly BifurcationVessel[], imageBranchesMm: readonly number[] = [],
): LesionBifurcation | undefined {
  const endSMm = main.profile[main.profile.length - 1]?.sMm ?? 0;
  const step = main.profile.length > 1 ? endSMm / (main.profile.length - 1) : 0;
  // a branch's opening spans about the parent's diameter: a lesion ending within a reference diameter of the
  // vessel's end involves the division there, and a branch opening within a reference radius of the lesion is at it;
  // a vessel starting where this one starts is a sibling (both leave the same parent), not a branch of it
  const endZone = endSMm - Math.max(2 * step, referenceAt(main, endSMm));
  const reachesEnd = extent.endSMm >= endZone;
  const margin = referenceAt(main, extent.startSMm) / 2;
  const found = daughters(main, others, Math.max(extent.startSMm - margin, referenceAt(main, 0) / 2), (reachesEnd ? endSMm : extent.endSMm + margin) + step);
  const atEnd = found.filter((d) => d.sMm >= endZone);
  if (reachesEnd && atEnd.length >= 1) {
    // a division at the vessel's end: the wider daughter continues the main vessel, the other is the side branch
    const [distal, side] = [...atEnd].sort((a, b) => b.originDiameterMm - a.originDiameterMm);
    const s = Math.min(...atEnd.map((d) => d.sMm));
    return {
      branchSMm: s, distalId: distal!.v.id, ...(side ? { sideId: side.v.id } : {}),
      medina: [digit(maxStenosisPct(main, extent.startSMm, s)), digit(ostialStenosisPct(distal!.v)), side ? digit(ostialStenosisPct(side.v)) : undefined],
    };
  }
  const inside = [...found].sort((a, b) => Math.abs(a.sMm - mlaSMm) - Math.abs(b.sMm - mlaSMm))[0];
  const branchSMm = inside?.sMm ?? [...imageBranchesMm].filter((s) => s >= extent.startSMm && s <= extent.endSMm).sort((a, b) => Math.abs(a - mlaSMm) - Math.abs(b - mlaSMm))[0];
  if (branchSMm === undefined) return undefined;
  const proximal = maxStenosisPct(main, extent.startSMm, branchSMm), distal = maxStenosisPct(main, branchSMm, extent.endSMm);
  return {
    branchSMm, ...(inside ? { sideId: inside.v.id } : {}),
    medina: [digit(Math.max(0, proximal)), digit(Math.max(0, distal)), inside ? digit(ostialStenosisPct(inside.v)) : undefined],
  };
}
