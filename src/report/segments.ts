/**
 * SCCT 18-segment model: names in French and English, and assignment of a position along a traced vessel
 * (arc length from the start of its centreline, mm) to a segment.
 *
 * Segment borders (SCCT 2014 after AHA 1975): 1 RCA ostium → half-way to the acute margin; 2 → acute margin;
 * 3 → crux (PDA origin); 5 LM; 6 LM end → D1 (or first septal); 7 → half-way to the apex; 8 rest;
 * 11 LM end → OM1 origin; 13 beyond OM1. Branches carry their own number (4, 9, 10, 12, 14–18).
 * When a landmark is missing a default proposal is made from typical lengths (PHANTOM.md §2); the viewer lets
 * the user move every boundary afterwards (the boundaries are saved with the work).
 */
import type { Lang } from '../i18n/lang.ts';

export const VESSEL_NAMES = [
  'LM', 'LAD', 'D1', 'D2', 'LCx', 'OM1', 'OM2', 'RCA', 'R-PDA', 'R-PLB', 'ramus', 'L-PDA', 'L-PLB',
] as const;
export type VesselName = (typeof VESSEL_NAMES)[number];

export function isVesselName(s: unknown): s is VesselName {
  return typeof s === 'string' && (VESSEL_NAMES as readonly string[]).includes(s);
}

const SEGMENT_NAMES: Record<Lang, readonly string[]> = {
  en: [
    'proximal RCA', 'mid RCA', 'distal RCA', 'R-PDA', 'left main', 'proximal LAD', 'mid LAD', 'distal LAD',
    'first diagonal (D1)', 'second diagonal (D2)', 'proximal LCx', 'first obtuse marginal (OM1)',
    'mid/distal LCx', 'second obtuse marginal (OM2)', 'L-PDA', 'R-PLB', 'ramus intermedius', 'L-PLB',
  ],
  fr: [
    'CD proximale', 'CD moyenne', 'CD distale', 'IVP (CD)', 'tronc commun', 'IVA proximale', 'IVA moyenne',
    'IVA distale', 'première diagonale (D1)', 'deuxième diagonale (D2)', 'circonflexe proximale',
    'première marginale (M1)', 'circonflexe moyenne/distale', 'deuxième marginale (M2)', 'IVP (circonflexe)',
    'rétroventriculaire (CD)', 'bissectrice (ramus intermedius)', 'rétroventriculaire (circonflexe)',
  ],
};

const VESSEL_LABELS: Record<Lang, Record<VesselName, string>> = {
  en: {
    LM: 'left main', LAD: 'LAD', D1: 'first diagonal', D2: 'second diagonal', LCx: 'LCx',
    OM1: 'first obtuse marginal', OM2: 'second obtuse marginal', RCA: 'RCA', 'R-PDA': 'R-PDA',
    'R-PLB': 'R-PLB', ramus: 'ramus intermedius', 'L-PDA': 'L-PDA', 'L-PLB': 'L-PLB',
  },
  fr: {
    LM: 'tronc commun', LAD: 'IVA', D1: 'première diagonale', D2: 'deuxième diagonale', LCx: 'circonflexe',
    OM1: 'première marginale', OM2: 'deuxième marginale', RCA: 'coronaire droite (CD)', 'R-PDA': 'IVP (CD)',
    'R-PLB': 'rétroventriculaire (CD)', ramus: 'bissectrice', 'L-PDA': 'IVP (circonflexe)',
    'L-PLB': 'rétroventriculaire (circonflexe)',
  },
};

export function segmentName(segment: number, lang: Lang): string {
  const n = SEGMENT_NAMES[lang][segment - 1];
  if (n === undefined) throw new Error(`SCCT segment must be an integer 1–18, got ${segment}`);
  return n;
}

export function vesselLabel(name: VesselName, lang: Lang): string {
  return VESSEL_LABELS[lang][name];
}

/** Segment of a branch vessel (one segment over its whole length), or null for LAD, LCx, RCA. */
const BRANCH_SEGMENT: Partial<Record<VesselName, number>> = {
  LM: 5, D1: 9, D2: 10, OM1: 12, OM2: 14, 'R-PDA': 4, 'R-PLB': 16, ramus: 17, 'L-PDA': 15, 'L-PLB': 18,
};

export const PARENT_VESSEL: Record<VesselName, VesselName | null> = {
  LM: null, RCA: null, LAD: 'LM', LCx: 'LM', ramus: 'LM', D1: 'LAD', D2: 'LAD', OM1: 'LCx', OM2: 'LCx',
  'R-PDA': 'RCA', 'R-PLB': 'RCA', 'L-PDA': 'LCx', 'L-PLB': 'LCx',
};

/** Typical lengths used for default proposals, mm (PHANTOM.md §2). */
export const DEFAULT_LENGTHS_MM = { LM: 10, proximalLad: 20, proximalLcx: 20, acuteMarginFromOstium: 60 } as const;

/** Landmarks as arc lengths on this vessel's centreline, mm from its first point. All optional. */
export interface VesselLandmarksMm {
  /** the centreline starts at the aortic ostium (so it begins with the LM for left vessels, or the parent) */
  readonly fromAorticOstium?: boolean;
  /** where this vessel leaves its parent, when the centreline starts upstream on the parent */
  readonly branchOriginMm?: number;
  /** end of the left main (bifurcation) on a left vessel traced from the aortic ostium */
  readonly lmEndMm?: number;
  /** LAD: origin of D1 (or first septal): end of segment 6 */
  readonly d1OriginMm?: number;
  /** LAD: apex (default: the end of the centreline) */
  readonly apexMm?: number;
  /** LCx: origin of OM1: end of segment 11 */
  readonly om1OriginMm?: number;
  /** RCA: acute margin: end of segment 2 */
  readonly acuteMarginMm?: number;
  /** RCA: crux / PDA origin (end of 3, R-PLB beyond); LCx: L-PDA origin (L-PLB beyond) */
  readonly cruxMm?: number;
}

export interface SegmentSpan {
  readonly segment: number;
  readonly startMm: number;
  readonly endMm: number;
}

function clipSpans(raw: { segment: number; endMm: number }[], startMm: number, lengthMm: number): SegmentSpan[] {
  const out: SegmentSpan[] = [];
  let s = startMm;
  for (const r of raw) {
    const e = Math.min(Math.max(r.endMm, s), lengthMm);
    if (e > s) out.push({ segment: r.segment, startMm: s, endMm: e });
    s = e;
  }
  return out;
}

function lmEnd(lm: VesselLandmarksMm): number {
  if (lm.lmEndMm !== undefined) return lm.lmEndMm;
  return lm.fromAorticOstium ? DEFAULT_LENGTHS_MM.LM : 0;
}

function trunkSpans(name: 'LAD' | 'LCx' | 'RCA', lengthMm: number, lm: VesselLandmarksMm): SegmentSpan[] {
  if (name === 'RCA') {
    const crux = lm.cruxMm;
    const acute =
      lm.acuteMarginMm ??
      (crux !== undefined ? (crux * 60) / 90 : DEFAULT_LENGTHS_MM.acuteMarginFromOstium);
    return clipSpans(
      [
        { segment: 1, endMm: acute / 2 },
        { segment: 2, endMm: acute },
        { segment: 3, endMm: crux ?? Infinity },
        { segment: 16, endMm: Infinity },
      ],
      0,
      lengthMm,
    );
  }
  const e5 = lmEnd(lm);
  if (name === 'LAD') {
    const e6 = lm.d1OriginMm ?? e5 + DEFAULT_LENGTHS_MM.proximalLad;
    const apex = Math.min(lm.apexMm ?? lengthMm, lengthMm);
    return clipSpans(
      [
        { segment: 5, endMm: e5 },
        { segment: 6, endMm: e6 },
        { segment: 7, endMm: (e6 + Math.max(apex, e6)) / 2 },
        { segment: 8, endMm: Infinity },
      ],
      0,
      lengthMm,
    );
  }
  const e11 = lm.om1OriginMm ?? e5 + DEFAULT_LENGTHS_MM.proximalLcx;
  return clipSpans(
    [
      { segment: 5, endMm: e5 },
      { segment: 11, endMm: e11 },
      { segment: 13, endMm: lm.cruxMm ?? Infinity },
      { segment: 18, endMm: Infinity },
    ],
    0,
    lengthMm,
  );
}

/** Landmarks a parent needs so that the branch origin ends the right parent segment. */
function parentLandmarks(name: VesselName, lm: VesselLandmarksMm, originMm: number): VesselLandmarksMm {
  const rest: VesselLandmarksMm = { ...lm, branchOriginMm: undefined };
  if (name === 'D1') return { ...rest, d1OriginMm: originMm };
  if (name === 'OM1') return { ...rest, om1OriginMm: originMm };
  if (name === 'R-PDA' || name === 'R-PLB' || name === 'L-PDA' || name === 'L-PLB') return { ...rest, cruxMm: originMm };
  if (name === 'LAD' || name === 'LCx' || name === 'ramus') return { ...rest, lmEndMm: originMm };
  return rest;
}

/**
 * Segments along a traced vessel, contiguous from 0 to `lengthMm`. A branch traced from upstream (landmark
 * `branchOriginMm`, or `fromAorticOstium` for a left vessel) starts with its parent's segments.
 */
export function segmentSpans(name: VesselName, lengthMm: number, lm: VesselLandmarksMm = {}): SegmentSpan[] {
  if (!(lengthMm > 0) || !Number.isFinite(lengthMm)) throw new Error(`vessel length must be > 0 mm, got ${lengthMm}`);
  const own = BRANCH_SEGMENT[name];
  if (name === 'LM') return [{ segment: 5, startMm: 0, endMm: lengthMm }];
  if (own === undefined) return trunkSpans(name as 'LAD' | 'LCx' | 'RCA', lengthMm, lm);
  let origin = lm.branchOriginMm;
  if (origin === undefined && name === 'ramus') origin = lmEnd(lm);
  if (origin === undefined || origin <= 0) return [{ segment: own, startMm: 0, endMm: lengthMm }];
  const parent = PARENT_VESSEL[name];
  const o = Math.min(origin, lengthMm);
  const upstream = parent ? segmentSpans(parent, o, parentLandmarks(name, lm, o)) : [];
  return o < lengthMm ? [...upstream, { segment: own, startMm: o, endMm: lengthMm }] : upstream;
}

/** Segment at arc length `sMm` given spans (clamped to the first/last span). */
export function segmentAt(spans: readonly SegmentSpan[], sMm: number): number {
  if (spans.length === 0) throw new Error('no segment spans');
  for (const sp of spans) if (sMm < sp.endMm) return sp.segment;
  return spans[spans.length - 1]!.segment;
}

/** Convenience: segment of a position on a vessel from its landmarks (default proposal when missing). */
export function assignSegment(name: VesselName, sMm: number, lengthMm: number, lm: VesselLandmarksMm = {}): number {
  return segmentAt(segmentSpans(name, lengthMm, lm), sMm);
}

/** Segments touched by an arc range [startMm, endMm]. */
export function segmentsInRange(spans: readonly SegmentSpan[], startMm: number, endMm: number): number[] {
  const lo = Math.min(startMm, endMm);
  const hi = Math.max(startMm, endMm);
  const out = spans.filter((sp) => sp.endMm > lo && sp.startMm < hi).map((sp) => sp.segment);
  return out.length ? [...new Set(out)] : [segmentAt(spans, lo)];
}
