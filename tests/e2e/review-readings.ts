// Class-review fixtures for the e2e test and the bench: expert answer keys and learners' readings generated from
// the three training studies' truth (truth.json) with controlled errors. Truth is read here only (test side).
// Per case: a panel of three experts (the truth; the truth with the most severe lesion graded 15 points lower; the
// truth with every lesion 2 points higher). Learner i of a case misses lesion j when (i + j) % 4 === 0, adds 25 points to its first reported
// lesion when i % 3 === 1, and reports an extra 30 % lesion on OM2 (segment 14, no lesion there in any case)
// when i % 5 === 2. The exported readings are saved-work JSON, one of them DICOM SR.
import { buildReport } from '../../src/report/report.ts';
import type { Lesion } from '../../src/report/report.ts';
import { exportWork, newWork, reportInputFromWork, type SavedVessel, type SavedWork } from '../../src/report/saved-work.ts';
import type { VesselName } from '../../src/report/segments.ts';
import { exportSr } from '../../src/report/sr.ts';
import type { CadRadsCategory, CadRadsModifier, HighRiskFeature, PlaqueBurden, PlaqueType } from '../../src/report/cadrads.ts';

type Lps = [number, number, number];
export interface TruthLesion {
  id: string; vessel: VesselName; segment: number; sMm: number; diameterStenosisPct: number; plaqueType: PlaqueType;
  mlaMm2: number; mldMm: number; referenceDiameterMm: number; lengthMm: number;
  highRisk: Record<'positiveRemodelling' | 'lowAttenuation' | 'spottyCalcification' | 'napkinRing', boolean>;
}
export interface Truth {
  name: string; studyInstanceUid: string;
  vessels: { name: VesselName; points: { sMm: number; lps: Lps; segment: number }[] }[];
  lesions: TruthLesion[];
  cadRads: { category: CadRadsCategory; plaqueBurden: PlaqueBurden | null; modifiers: CadRadsModifier[]; label: string };
}

export interface ReviewFileOut { name: string; bytes: Uint8Array }
export const EXTRA_SEGMENT = 14;

const HRF: Record<keyof TruthLesion['highRisk'], HighRiskFeature> = {
  positiveRemodelling: 'positive-remodelling', lowAttenuation: 'low-attenuation', spottyCalcification: 'spotty-calcification', napkinRing: 'napkin-ring',
};

function lesionOf(l: TruthLesion, pct = l.diameterStenosisPct): Lesion {
  const hrf = (Object.keys(HRF) as (keyof typeof HRF)[]).filter((k) => l.highRisk[k]).map((k) => HRF[k]);
  return {
    id: l.id, segment: l.segment, positionMm: l.sMm, diameterStenosisPct: pct, plaqueType: l.plaqueType, mlaMm2: l.mlaMm2,
    mldMm: l.mldMm, referenceDiameterMm: l.referenceDiameterMm, lengthMm: l.lengthMm, ...(hrf.length ? { highRiskFeatures: hrf } : {}),
  };
}

function spans(points: Truth['vessels'][number]['points']): SavedVessel['segmentBoundaries'] {
  const out: { segment: number; startMm: number; endMm: number }[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.segment === p.segment) last.endMm = p.sMm;
    else out.push({ segment: p.segment, startMm: p.sMm, endMm: p.sMm });
  }
  return out;
}

/** A work with the given lesions per vessel; the key's vessels carry the truth centreline. */
function workOf(t: Truth, lesions: { vessel: VesselName; lesion: Lesion }[], o: { key: boolean; centreline: boolean; pseudonym?: string }): SavedWork {
  const vessels: SavedVessel[] = [];
  for (const v of t.vessels) {
    const mine = lesions.filter((x) => x.vessel === v.name).map((x) => x.lesion);
    if (!mine.length && !o.key) continue;
    vessels.push({
      name: v.name,
      waypointsLps: [v.points[0]!.lps, v.points[v.points.length - 1]!.lps],
      ...(o.centreline ? { centrelineLps: v.points.map((p) => p.lps) } : {}),
      segmentBoundaries: spans(v.points), lesions: mine, edits: [],
    });
  }
  const base = { ...newWork(t.studyInstanceUid, { answerKey: o.key, now: new Date(Date.UTC(2026, 11, 1)) }), caseName: t.name, vessels };
  const w: SavedWork = { ...base, ...(o.pseudonym ? { pseudonym: o.pseudonym } : {}) };
  // experts state the truth conclusion; learners keep the label their lesions give
  return o.key ? { ...w, report: { overrides: { category: t.cadRads.category, plaqueBurden: t.cadRads.plaqueBurden, modifiers: t.cadRads.modifiers } } } : w;
}

export interface LearnerPlan {
  file: string;
  /** per truth lesion (truth order): reported %DS or null when missed */
  dsPct: (number | null)[];
  extra: boolean;
}

export interface CasePlan {
  truth: Truth;
  /** per truth lesion: the three experts' %DS */
  expertsDsPct: number[][];
  learners: LearnerPlan[];
}

export function learnerPlan(t: Truth, i: number, file: string): LearnerPlan {
  let shifted = false;
  const dsPct = t.lesions.map((l, j) => {
    if ((i + j) % 4 === 0) return null;
    if (i % 3 === 1 && !shifted) {
      shifted = true;
      return Math.min(99, l.diameterStenosisPct + 25);
    }
    return l.diameterStenosisPct;
  });
  return { file, dsPct, extra: i % 5 === 2 };
}

export function learnerWork(t: Truth, p: LearnerPlan, pseudonym?: string): SavedWork {
  const lesions = t.lesions.flatMap((l, j) => (p.dsPct[j] === null ? [] : [{ vessel: l.vessel, lesion: lesionOf(l, p.dsPct[j]!) }]));
  if (p.extra) lesions.push({ vessel: 'OM2', lesion: { id: 'X1', segment: EXTRA_SEGMENT, positionMm: 20, diameterStenosisPct: 30, plaqueType: 'non-calcified' } });
  return workOf(t, lesions, { key: false, centreline: false, ...(pseudonym ? { pseudonym } : {}) });
}

const enc = (s: string) => new TextEncoder().encode(s);

/** The experts' keys of a case (3 files) and their %DS per truth lesion. */
export function expertKeys(t: Truth): { files: ReviewFileOut[]; dsPct: number[][] } {
  const worst = t.lesions.reduce((a, l, j) => (l.diameterStenosisPct > t.lesions[a]!.diameterStenosisPct ? j : a), 0);
  const dsPct = t.lesions.map((l, j) => [l.diameterStenosisPct, j === worst ? l.diameterStenosisPct - 15 : l.diameterStenosisPct, l.diameterStenosisPct + 2]);
  const files = [0, 1, 2].map((k) => {
    const w = workOf(t, t.lesions.map((l, j) => ({ vessel: l.vessel, lesion: lesionOf(l, dsPct[j]![k]) })), { key: true, centreline: true });
    return { name: `${t.name.replace(/\s/g, '')}-expert${k + 1}.json`, bytes: enc(exportWork(w)) };
  });
  return { files, dsPct };
}

/**
 * Keys of every case, then the readings: `perCase[c]` learners for case c (the first reading of the second case
 * exported as SR), one reading of a study with no key, one malformed file.
 */
export function classFiles(truths: Truth[], perCase: number[]): { keys: ReviewFileOut[]; readings: ReviewFileOut[]; plans: CasePlan[] } {
  const keys: ReviewFileOut[] = [];
  const readings: ReviewFileOut[] = [];
  const plans: CasePlan[] = [];
  truths.forEach((t, c) => {
    const k = expertKeys(t);
    keys.push(...k.files);
    const learners: LearnerPlan[] = [];
    for (let i = 0; i < perCase[c]!; i++) {
      const sr = c === 1 && i === 0;
      const file = `lecture-${t.name.replace(/\s/g, '')}-${String(i + 1).padStart(3, '0')}.${sr ? 'dcm' : 'json'}`;
      const plan = learnerPlan(t, i, file);
      const w = learnerWork(t, plan, `eleve-${c + 1}-${i + 1}`);
      const bytes = sr
        ? exportSr({ studyInstanceUid: w.studyInstanceUid, vessels: w.vessels, label: buildReport(reportInputFromWork(w)).cadRads.label, caseName: t.name, pseudonym: w.pseudonym })
        : enc(exportWork(w));
      readings.push({ name: file, bytes });
      learners.push(plan);
    }
    plans.push({ truth: t, expertsDsPct: k.dsPct, learners });
  });
  const other = { ...learnerWork(truths[0]!, learnerPlan(truths[0]!, 5, ''), 'ailleurs'), studyInstanceUid: '2.25.999', caseName: 'Cas 9' };
  readings.push({ name: 'lecture-autre-etude.json', bytes: enc(exportWork(other)) });
  readings.push({ name: 'lecture-abimee.json', bytes: enc('{"schema":"coroscanner-work","version":1,"studyInstanceUid":') });
  return { keys, readings, plans };
}

/** CAD-RADS stenosis band of a %DS (the test's own copy of the rule it checks). */
export function band(pct: number): string {
  return pct >= 100 ? '5' : pct >= 70 ? '4' : pct >= 50 ? '3' : pct >= 25 ? '2' : pct > 0 ? '1' : '0';
}
