/**
 * Between the study session and the saved work (src/report/saved-work.ts), without DOM or Cornerstone:
 * the traced vessels (waypoints, reference, segment borders, measured lesions) and the reader's report inputs
 * and edits → a SavedWork; a SavedWork → what to put back into the vessel view and the report panel.
 * The reader's grades, the user reference and whether the segment borders are the automatic proposal are
 * typed fields of each saved vessel.
 */
import type { CadRadsModifier, CadRadsCategory, Ischaemia, PlaqueBurden } from '../report/cadrads.ts';
import { lesionFromMeasurement, type MeasuredLesion } from '../report/from-analysis.ts';
import type { Dominance, Lesion, TechniqueInfo } from '../report/report.ts';
import { newWork, type SavedVessel, type SavedWork, type SegmentGrade } from '../report/saved-work.ts';
import type { VesselName } from '../report/segments.ts';
import type { Lps } from '../volume/volume.ts';
import { innerBoundariesMm, vesselSpans } from './segments.ts';
import type { FoundInfo, VesselRestore } from './vessel-store.ts';

/** One traced vessel as the vessel view holds it (measurement present once analysed). */
export interface VesselSnapshot {
  readonly id: string;
  readonly name: VesselName | undefined;
  readonly pointsLps: readonly Lps[];
  readonly referenceSMm: readonly [number, number] | undefined;
  readonly segmentBoundariesMm: readonly number[] | undefined;
  /** true while the segment borders are the automatic proposal */
  readonly segmentBordersProposed?: boolean;
  /** a vessel of the found tree (proposal status), undefined for a traced one */
  readonly found?: FoundInfo;
  readonly measured?: { readonly lengthMm: number; readonly lesions: readonly MeasuredLesion[] };
}

/** The reader's report inputs and edits. */
export interface ReportState {
  technique: TechniqueInfo | undefined;
  dominance: Dominance | null;
  calciumScore: number | null;
  ischaemia: Ischaemia | null;
  exceptions: string[];
  category: CadRadsCategory | undefined;
  plaqueBurden: PlaqueBurden | null | undefined;
  modifiers: CadRadsModifier[] | undefined;
  freeText: string;
  /** reported %DS per vessel and segment, key `${vessel}:${segment}` */
  grades: Record<string, number>;
}

export function emptyReportState(): ReportState {
  return {
    technique: undefined, dominance: null, calciumScore: null, ischaemia: null, exceptions: [], category: undefined,
    plaqueBurden: undefined, modifiers: undefined, freeText: '', grades: {},
  };
}

export const gradeKey = (vessel: VesselName, segment: number): string => `${vessel}:${segment}`;
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Lesions with the reader's grade applied to the worst lesion of each edited segment. */
export function applyGrades(vessel: VesselName, lesions: readonly Lesion[], grades: Readonly<Record<string, number>>): Lesion[] {
  const done = new Set<number>();
  const order = [...lesions.keys()].sort((a, b) => lesions[b]!.diameterStenosisPct - lesions[a]!.diameterStenosisPct);
  const out = [...lesions];
  for (const i of order) {
    const l = lesions[i]!;
    const g = grades[gradeKey(vessel, l.segment)];
    if (g === undefined || done.has(l.segment)) continue;
    done.add(l.segment);
    out[i] = { ...l, diameterStenosisPct: Math.min(100, Math.max(0, g)) };
  }
  return out;
}

/** Measured lesions of a snapshot, as report lesions (segments from the vessel's borders), before grades. */
export function measuredLesions(v: VesselSnapshot): Lesion[] | undefined {
  if (!v.name || !v.measured) return undefined;
  const spans = vesselSpans(v.name, v.measured.lengthMm, v.segmentBoundariesMm);
  return v.measured.lesions.map((l, i) => lesionFromMeasurement(l, spans, `${v.name}-L${i + 1}`));
}

/** The reader's grades of one vessel's segments, by segment number. */
function vesselGrades(name: VesselName, grades: Readonly<Record<string, number>>): SegmentGrade[] {
  const prefix = `${name}:`;
  return Object.entries(grades).filter(([k]) => k.startsWith(prefix))
    .map(([k, g]) => ({ segment: Number(k.slice(prefix.length)), diameterStenosisPct: g }))
    .sort((a, b) => a.segment - b.segment);
}

/**
 * The saved work of the study: every named vessel with ≥ 2 points. A vessel still being measured keeps the
 * lesions it had in `previous` (the work restored or saved before), so an autosave during a re-measure loses nothing.
 */
export function workFromState(
  studyInstanceUid: string,
  vessels: readonly VesselSnapshot[],
  s: ReportState,
  previous: SavedWork | null,
  now: Date = new Date(),
): SavedWork {
  const prevByName = new Map((previous?.vessels ?? []).map((v) => [v.name, v]));
  const saved: SavedVessel[] = [];
  for (const v of vessels) {
    if (!v.name || v.pointsLps.length < 2) continue;
    const measured = measuredLesions(v);
    const prev = prevByName.get(v.name);
    const spans = v.measured ? vesselSpans(v.name, v.measured.lengthMm, v.segmentBoundariesMm) : (prev?.segmentBoundaries ?? []);
    const lesions = measured ? applyGrades(v.name, measured, s.grades) : (prev?.lesions ?? []);
    const grades = vesselGrades(v.name, s.grades);
    saved.push({
      name: v.name,
      waypointsLps: v.pointsLps.map((p) => [p[0], p[1], p[2]] as [number, number, number]),
      segmentBoundaries: spans.map((sp) => ({ segment: sp.segment, startMm: round1(sp.startMm), endMm: round1(sp.endMm) })),
      ...(v.referenceSMm ? { referenceSMm: [round1(v.referenceSMm[0]), round1(v.referenceSMm[1])] as const } : {}),
      ...(grades.length ? { grades } : {}),
      ...(v.segmentBoundariesMm ? { boundaries: v.segmentBordersProposed ? 'proposed' as const : 'accepted' as const } : {}),
      ...(v.found ? { found: { status: v.found.status, fromAorta: v.found.fromAorta } } : {}),
      lesions,
      edits: [],
    });
  }
  const base = newWork(studyInstanceUid, { now });
  const overrides = {
    ...(s.category !== undefined ? { category: s.category } : {}),
    ...(s.plaqueBurden !== undefined ? { plaqueBurden: s.plaqueBurden } : {}),
    ...(s.modifiers !== undefined ? { modifiers: s.modifiers } : {}),
    ...(s.freeText.trim() ? { freeText: s.freeText } : {}),
  };
  return {
    ...base,
    vessels: saved,
    report: {
      ...(s.technique ? { technique: s.technique } : {}),
      dominance: s.dominance,
      calciumScore: s.calciumScore,
      ischaemia: s.ischaemia,
      exceptions: s.exceptions.filter((e) => e.trim() !== ''),
      ...(Object.keys(overrides).length ? { overrides } : {}),
    },
  };
}

export function restoreFromWork(work: SavedWork): { vessels: VesselRestore[]; state: ReportState } {
  const grades: Record<string, number> = {};
  const vessels = work.vessels.map((v): VesselRestore => {
    for (const g of v.grades ?? []) grades[gradeKey(v.name, g.segment)] = g.diameterStenosisPct;
    const segmentBoundariesMm = v.segmentBoundaries.length > 1 ? innerBoundariesMm(v.segmentBoundaries) : undefined;
    return {
      name: v.name,
      pointsLps: v.waypointsLps.map((p) => [p[0], p[1], p[2]] as const),
      referenceSMm: v.referenceSMm ? [v.referenceSMm[0], v.referenceSMm[1]] : undefined,
      segmentBoundariesMm,
      segmentBordersProposed: segmentBoundariesMm !== undefined && v.boundaries === 'proposed',
      ...(v.found ? { found: { status: v.found.status, fromAorta: v.found.fromAorta } } : {}),
    };
  });
  const r = work.report;
  const o = r.overrides;
  const state: ReportState = {
    technique: r.technique,
    dominance: r.dominance ?? null,
    calciumScore: r.calciumScore ?? null,
    ischaemia: r.ischaemia ?? null,
    exceptions: [...(r.exceptions ?? [])],
    category: o?.category,
    plaqueBurden: o?.plaqueBurden,
    modifiers: o?.modifiers ? [...o.modifiers] : undefined,
    freeText: o?.freeText ?? '',
    grades,
  };
  return { vessels, state };
}
