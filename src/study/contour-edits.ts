/**
 * User-edited contours feed the measurements (pure: no DOM, no Cornerstone). The vessel worker's analysis is
 * the base; an edited lumen contour replaces that section's area and diameters, an edited outer wall its
 * outer area; the lesions are then found again (src/vessel/stenosis.ts) so MLA, MLD, %DS and %AS follow.
 *
 * Area of an edited section: the worker's area scaled by (edited polygon area / original polygon area), so a
 * section whose area came from the partial-volume integral (small lumens) keeps that correction; the polygon
 * area itself when the original had none. Reference: the automatic reference is the worker's (its robust fit
 * leaves narrowed sections out, so an edit at a lesion does not move it); user reference positions are
 * re-read from the edited diameters. Plaque volumes: the worker's volumes of the lesion with the same sections
 * (the largest overlap) plus, for each edited section inside the lesion, the change of its plaque areas by HU
 * class (measured on the displayed cross-section image when the edit was made) times the section step.
 */
import { remodellingIndex, type Lesion, type ProfileSample, type VesselAnalysis } from '../vessel/analyse.ts';
import { FIXED_MIN_PCT, findLesions, referenceDiameters } from '../vessel/stenosis.ts';
import { CALCIFIED_HU, LOW_ATTENUATION_HU, type PlaqueVolumes } from '../vessel/plaque.ts';
import { contourShape, equivalentDiameterMm, outerAreaMm2, polygonRadiusAt, type SectionFrame } from '../vessel/contour.ts';
import { lesionExtents } from '../vessel/lesion-extent.ts';

/** Plaque areas of one section by HU class, mm² (or their change). */
export interface PlaqueAreas {
  calcifiedMm2: number;
  nonCalcifiedMm2: number;
  lowAttenuationMm2: number;
}

export interface ContourEdits {
  /** edited lumen radii by section index */
  readonly lumen: Map<number, Float32Array>;
  /** edited outer wall radii by section index */
  readonly outer: Map<number, Float32Array>;
  /** change of the plaque areas of an edited section (edited − original contours) */
  readonly plaqueDelta: Map<number, PlaqueAreas>;
}

export function emptyEdits(): ContourEdits {
  return { lumen: new Map(), outer: new Map(), plaqueDelta: new Map() };
}

export const hasEdits = (e: ContourEdits): boolean => e.lumen.size > 0 || e.outer.size > 0;

/** Contours of the worker (rays per section, sections × rays radii). */
export interface BaseContours {
  readonly rays: number;
  readonly radiiMm: Float32Array;
  readonly outerMm: Float32Array;
}

/** Lumen values of a section from its edited radii (see the file comment for the area rule). */
export function editedLumen(p: ProfileSample, original: ArrayLike<number>, edited: ArrayLike<number>): Pick<ProfileSample, 'areaMm2' | 'equivalentDiameterMm' | 'minDiameterMm' | 'maxDiameterMm' | 'hasLumen'> {
  const shape = contourShape(edited);
  const poly0 = contourShape(original).areaMm2, poly = shape.areaMm2;
  const areaMm2 = p.hasLumen && poly0 > 1e-9 ? (p.areaMm2 * poly) / poly0 : poly;
  const k = poly > 1e-9 ? Math.sqrt(areaMm2 / poly) : 0;
  const hasLumen = areaMm2 >= 0.05;
  return {
    areaMm2: hasLumen ? areaMm2 : 0, equivalentDiameterMm: hasLumen ? equivalentDiameterMm(areaMm2) : 0,
    minDiameterMm: hasLumen ? shape.minDiameterMm * k : 0, maxDiameterMm: hasLumen ? shape.maxDiameterMm * k : 0, hasLumen,
  };
}


function overlap(a: { startIndex: number; endIndex: number }, b: { startIndex: number; endIndex: number }): number {
  return Math.max(0, Math.min(a.endIndex, b.endIndex) - Math.max(a.startIndex, b.startIndex) + 1);
}

function lesionPlaque(base: readonly Lesion[], l: { startIndex: number; endIndex: number }, edits: ContourEdits, stepMm: number): PlaqueVolumes {
  let best: Lesion | undefined, bestO = 0;
  for (const b of base) { const o = overlap(b, l); if (o > bestO) { bestO = o; best = b; } }
  const out: PlaqueVolumes = best ? { ...best.plaque } : { calcifiedMm3: 0, nonCalcifiedMm3: 0, lowAttenuationMm3: 0 };
  for (const [q, d] of edits.plaqueDelta) {
    if (q < l.startIndex || q > l.endIndex) continue;
    out.calcifiedMm3 = Math.max(0, out.calcifiedMm3 + d.calcifiedMm2 * stepMm);
    out.nonCalcifiedMm3 = Math.max(0, out.nonCalcifiedMm3 + d.nonCalcifiedMm2 * stepMm);
    out.lowAttenuationMm3 = Math.max(0, out.lowAttenuationMm3 + d.lowAttenuationMm2 * stepMm);
  }
  return out;
}

/**
 * The analysis with the edited contours measured in: profile (area, diameters, outer area), lesions (MLA, MLD,
 * %DS, %AS, extent, plaque, remodelling index), maximal stenosis. Returns `a` itself when nothing is edited.
 */
export function applyContourEdits(a: VesselAnalysis, base: BaseContours, edits: ContourEdits, referenceSMm?: readonly [number, number]): VesselAnalysis {
  if (!hasEdits(edits)) return a;
  const R = base.rays;
  const samples: ProfileSample[] = a.profile.map((p, q) => {
    const lumen = edits.lumen.get(q), outer = edits.outer.get(q);
    if (!lumen && !outer) return p;
    let s: ProfileSample = p;
    if (lumen) s = { ...s, ...editedLumen(p, base.radiiMm.subarray(q * R, (q + 1) * R), lumen) };
    if (outer) s = { ...s, outerAreaMm2: outerAreaMm2(outer) };
    return s;
  });
  const refD = referenceSMm
    ? referenceDiameters(samples, { referenceSMm })
    : Float64Array.from(samples, (p) => p.referenceDiameterMm);
  const stepMm = a.centreline.stepMm;
  const cores = findLesions(samples, refD, referenceSMm ? FIXED_MIN_PCT : undefined);
  const extents = lesionExtents(samples.map((p, q) => ({ ...p, referenceDiameterMm: refD[q]! })), cores);
  const lesions: Lesion[] = cores.map((l, i) => ({
    ...l, plaque: lesionPlaque(a.lesions, l, edits, stepMm), remodellingIndex: remodellingIndex(samples, l, stepMm), extent: extents[i]!,
    // the napkin ring is read on the image's profiles, which a contour edit does not change
    napkinRing: a.lesions.some((o) => o.napkinRing && o.startIndex <= l.endIndex && o.endIndex >= l.startIndex),
  }));
  return {
    ...a,
    profile: samples.map((p, q) => (p.referenceDiameterMm === refD[q] ? p : { ...p, referenceDiameterMm: refD[q]! })),
    lesions,
    maxDiameterStenosisPct: lesions.length ? lesions[0]!.diameterStenosisPct : 0,
  };
}

/** A cross-section image (HU) in its own plane: pixel (a, b) at centre + (a − h)·pixel·U + (b − h)·pixel·V, h = (size − 1)/2. */
export interface SectionImage {
  readonly data: ArrayLike<number>;
  readonly size: number;
  readonly pixelMm: number;
  readonly centreLps: ArrayLike<number>;
  readonly axisULps: ArrayLike<number>;
  readonly axisVLps: ArrayLike<number>;
}

/**
 * Plaque areas between the lumen contour and the outer wall of a section, by HU class of the image pixels
 * (calcified ≥ 350 HU, low-attenuation < 30 HU, non-calcified between; src/vessel/plaque.ts). The contours
 * are rays about `frame.centreLps` in its (N, B) plane; pixels are classed by their centre.
 */
export function sectionPlaqueAreas(img: SectionImage, frame: SectionFrame, lumenMm: ArrayLike<number>, outerMm: ArrayLike<number>): PlaqueAreas {
  const out: PlaqueAreas = { calcifiedMm2: 0, nonCalcifiedMm2: 0, lowAttenuationMm2: 0 };
  const W = img.size, h = (W - 1) / 2, px = img.pixelMm, pa = px * px;
  const c = img.centreLps, u = img.axisULps, v = img.axisVLps, f = frame.centreLps;
  const d0 = [c[0]! - f[0], c[1]! - f[1], c[2]! - f[2]];
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  // pixel offset from the contour centre in (N, B): base + a·du + b·dv
  const n0 = dot(d0, frame.n), b0 = dot(d0, frame.b);
  const nu = px * dot(u, frame.n), bu = px * dot(u, frame.b), nv = px * dot(v, frame.n), bv = px * dot(v, frame.b);
  for (let b = 0; b < W; b++) {
    for (let a = 0; a < W; a++) {
      const x = n0 + (a - h) * nu + (b - h) * nv, y = b0 + (a - h) * bu + (b - h) * bv;
      const rho = Math.hypot(x, y), th = Math.atan2(y, x);
      const ro = polygonRadiusAt(outerMm, th);
      if (!(rho < ro)) continue;
      const rl = polygonRadiusAt(lumenMm, th);
      if (Number.isFinite(rl) && rho < rl) continue;
      const hu = img.data[b * W + a]!;
      if (hu >= CALCIFIED_HU) out.calcifiedMm2 += pa;
      else if (hu < LOW_ATTENUATION_HU) out.lowAttenuationMm2 += pa;
      else out.nonCalcifiedMm2 += pa;
    }
  }
  return out;
}

export function plaqueAreasDelta(after: PlaqueAreas, before: PlaqueAreas): PlaqueAreas {
  return {
    calcifiedMm2: after.calcifiedMm2 - before.calcifiedMm2,
    nonCalcifiedMm2: after.nonCalcifiedMm2 - before.nonCalcifiedMm2,
    lowAttenuationMm2: after.lowAttenuationMm2 - before.lowAttenuationMm2,
  };
}
