/**
 * Expert panel of one case: several experts' answer keys merged lesion by lesion. Lesions are matched by SCCT
 * segment exactly as the answer-key comparison does (src/report/compare.ts matchLesions): each expert's lesions are
 * matched against the panel built so far (a panel lesion stands for its modal MLD segment, the union of its
 * segments and the median %DS); an unmatched lesion opens a new panel lesion. One key is a panel of one.
 *
 * Per panel lesion: every expert's answer (its stenosis grade, or "absent"), the modal answer(s) and the spread
 * (%DS range, answer counts). Per case: the experts' CAD-RADS categories, plaque burdens and modifiers.
 */
import type { CadRadsCategory, CadRadsModifier } from '../report/cadrads.ts';
import { matchLesions } from '../report/compare.ts';
import type { Lesion } from '../report/report.ts';
import { newWork, type SavedVessel, type SavedWork } from '../report/saved-work.ts';
import type { VesselName } from '../report/segments.ts';
import type { Lps } from '../volume/volume.ts';
import { countOf, lesionGrade, median, modes, type CaseAnswer, type LesionAnswer, type LesionGrade } from './answers.ts';
import { lesionLps } from './position.ts';
import { caseAnswerOf } from './reading.ts';

export interface PanelEntry {
  readonly vessel: VesselName;
  readonly lesion: Lesion;
  readonly grade: LesionGrade;
}

export interface PanelLesion {
  /** L1, L2… in segment order */
  readonly id: string;
  /** modal MLD segment (the first expert's on a tie) */
  readonly segment: number;
  /** every segment any expert gave this lesion */
  readonly segments: readonly number[];
  readonly vessel: VesselName;
  /** one per expert, null when that expert did not report it */
  readonly entries: readonly (PanelEntry | null)[];
  readonly answers: readonly LesionAnswer[];
  readonly answerCounts: ReadonlyMap<LesionAnswer, number>;
  /** the modal answer(s): several on a tie */
  readonly modal: readonly LesionAnswer[];
  readonly modalCount: number;
  /** %DS of the experts who reported it */
  readonly dsPct: readonly number[];
  readonly dsMedianPct: number;
  /** MLA position from the first expert whose key places it */
  readonly positionLps?: Lps;
}

export interface Panel {
  readonly studyInstanceUid: string;
  readonly caseName?: string;
  readonly keys: readonly SavedWork[];
  readonly experts: readonly CaseAnswer[];
  readonly lesions: readonly PanelLesion[];
  readonly categoryCounts: ReadonlyMap<CadRadsCategory, number>;
  readonly modalCategories: readonly CadRadsCategory[];
  readonly modalCategoryCount: number;
  readonly modifierCounts: ReadonlyMap<CadRadsModifier, number>;
  readonly labelCounts: ReadonlyMap<string, number>;
  /** one lesion per panel lesion (id = panel id): what readings are matched against */
  readonly reference: SavedWork;
}

interface Draft {
  entries: (PanelEntry | null)[];
}

function representative(d: Draft, id: string): { vessel: VesselName; lesion: Lesion } {
  const present = d.entries.filter((e): e is PanelEntry => e !== null);
  const segment = modes(countOf(present.map((e) => e.lesion.segment))).values[0]!;
  const vessel = modes(countOf(present.map((e) => e.vessel))).values[0]!;
  const segments = [...new Set(present.flatMap((e) => [e.lesion.segment, ...(e.lesion.involvedSegments ?? [])]))].sort((a, b) => a - b);
  return { vessel, lesion: { id, segment, involvedSegments: segments, diameterStenosisPct: median(present.map((e) => e.lesion.diameterStenosisPct))! } };
}

function referenceWork(uid: string, reps: readonly { vessel: VesselName; lesion: Lesion }[]): SavedWork {
  const byVessel = new Map<VesselName, Lesion[]>();
  for (const r of reps) byVessel.set(r.vessel, [...(byVessel.get(r.vessel) ?? []), r.lesion]);
  const vessels: SavedVessel[] = [...byVessel].map(([name, lesions]) => ({ name, waypointsLps: [], segmentBoundaries: [], lesions, edits: [] }));
  return { ...newWork(uid, { answerKey: true, now: new Date(0) }), vessels };
}

function mergeLesions(keys: readonly SavedWork[]): Draft[] {
  const drafts: Draft[] = [];
  keys.forEach((key, k) => {
    const ref = referenceWork(key.studyInstanceUid, drafts.map((d, i) => representative(d, String(i))));
    for (const m of matchLesions(key, ref)) {
      if (m.status === 'missed') continue;
      const entry: PanelEntry = { vessel: m.learnerVessel!, lesion: m.learner!, grade: lesionGrade(m.learner!.diameterStenosisPct) };
      if (m.status === 'found') drafts[Number(m.expert!.id)]!.entries[k] = entry;
      else drafts.push({ entries: keys.map((_, j) => (j === k ? entry : null)) });
    }
  });
  return drafts;
}

function positionOf(keys: readonly SavedWork[], entries: readonly (PanelEntry | null)[]): Lps | undefined {
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    if (!e) continue;
    const vessel = keys[k]!.vessels.find((v) => v.name === e.vessel && v.lesions.includes(e.lesion));
    const p = vessel ? lesionLps(vessel, e.lesion) : undefined;
    if (p) return p;
  }
  return undefined;
}

/** Merges answer keys of one study into its panel; throws when there is none or they are of different studies. */
export function mergePanel(keys: readonly SavedWork[]): Panel {
  const uid = keys[0]?.studyInstanceUid;
  if (uid === undefined) throw new Error('mergePanel: no answer key');
  if (keys.some((k) => k.studyInstanceUid !== uid)) throw new Error('mergePanel: answer keys of different studies');
  const drafts = mergeLesions(keys);
  const built = drafts.map((d) => ({ d, rep: representative(d, '') }));
  built.sort((a, b) => a.rep.lesion.segment - b.rep.lesion.segment || b.rep.lesion.diameterStenosisPct - a.rep.lesion.diameterStenosisPct);
  const lesions: PanelLesion[] = built.map(({ d, rep }, i) => {
    const answers: LesionAnswer[] = d.entries.map((e) => (e ? e.grade : 'absent'));
    const answerCounts = countOf(answers);
    const m = modes(answerCounts);
    const dsPct = d.entries.filter((e): e is PanelEntry => e !== null).map((e) => e.lesion.diameterStenosisPct);
    const positionLps = positionOf(keys, d.entries);
    return {
      id: `L${i + 1}`, segment: rep.lesion.segment, segments: rep.lesion.involvedSegments ?? [rep.lesion.segment], vessel: rep.vessel,
      entries: d.entries, answers, answerCounts, modal: m.values, modalCount: m.count, dsPct, dsMedianPct: rep.lesion.diameterStenosisPct,
      ...(positionLps ? { positionLps } : {}),
    };
  });
  const experts = keys.map(caseAnswerOf);
  const categoryCounts = countOf(experts.map((e) => e.category));
  const mc = modes(categoryCounts);
  const caseName = keys.find((k) => k.caseName)?.caseName;
  return {
    studyInstanceUid: uid, ...(caseName ? { caseName } : {}), keys, experts, lesions, categoryCounts,
    modalCategories: mc.values, modalCategoryCount: mc.count,
    modifierCounts: countOf(experts.flatMap((e) => e.modifiers)),
    labelCounts: countOf(experts.map((e) => e.label)),
    reference: referenceWork(uid, lesions.map((l) => ({ vessel: l.vessel, lesion: { id: l.id, segment: l.segment, involvedSegments: l.segments, diameterStenosisPct: l.dsMedianPct } }))),
  };
}
