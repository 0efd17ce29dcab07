/**
 * Answer-key comparison: a learner's saved work against the expert's (same study).
 *
 * Matching: lesions are matched across the whole tree by SCCT segment (segment numbers are unique anatomical
 * places, so the vessel a lesion was traced on does not matter). An expert lesion matches an unmatched learner
 * lesion whose segments (MLD segment ∪ involved segments) intersect its own; the same MLD segment is preferred,
 * then the smallest %DS difference. Expert lesions are matched from the most to the least severe.
 *
 * Score out of 100:
 * - detection 40 × found / (expert lesions + extra learner lesions) (40 when both have none);
 * - stenosis 20 × mean over found lesions of max(0, 1 − |Δ%DS| / 20) (20 when there is nothing to find,
 *   0 when lesions were all missed) — a 10-point error keeps half the credit, 20 points or more none;
 * - CAD-RADS category 25 if equal, 10 if one step apart on 0 < 1 < 2 < 3 < 4A < 4B < 5 (N only when equal);
 * - plaque burden 5 if equal (both absent counts as equal);
 * - modifiers 10 × |learner ∩ expert| / |learner ∪ expert| (10 when both have none).
 */
import type { CadRadsCategory, CadRadsModifier, PlaqueBurden } from './cadrads.ts';
import { buildReport, type Lesion } from './report.ts';
import { reportInputFromWork, type SavedWork } from './saved-work.ts';
import type { VesselName } from './segments.ts';
import { WorkError } from './work-errors.ts';

export interface LesionComparison {
  readonly status: 'found' | 'missed' | 'extra';
  /** segment of the expert lesion (of the learner's for extras) */
  readonly segment: number;
  readonly expertVessel?: VesselName;
  readonly learnerVessel?: VesselName;
  readonly expert?: Lesion;
  readonly learner?: Lesion;
  /** learner − expert, percentage points (found only) */
  readonly stenosisDifferencePct?: number;
}

export interface ScoreParts {
  readonly detection: number;
  readonly stenosis: number;
  readonly category: number;
  readonly plaqueBurden: number;
  readonly modifiers: number;
}

export interface WorkComparison {
  readonly lesions: readonly LesionComparison[];
  readonly found: number;
  readonly missed: number;
  readonly extra: number;
  readonly meanAbsStenosisDifferencePct: number | null;
  readonly expertLabel: string;
  readonly learnerLabel: string;
  readonly labelMatch: boolean;
  readonly categoryMatch: boolean;
  readonly expertCategory: CadRadsCategory;
  readonly learnerCategory: CadRadsCategory;
  readonly expertPlaqueBurden: PlaqueBurden | null;
  readonly learnerPlaqueBurden: PlaqueBurden | null;
  readonly expertModifiers: readonly CadRadsModifier[];
  readonly learnerModifiers: readonly CadRadsModifier[];
  /** false when the reference file was not saved as an answer key (the UI may warn) */
  readonly expertIsAnswerKey: boolean;
  /** 0–100, rounded to an integer */
  readonly score: number;
  readonly scoreParts: ScoreParts;
}

interface Tagged {
  readonly vessel: VesselName;
  readonly lesion: Lesion;
  readonly segments: ReadonlySet<number>;
}

function flatten(work: SavedWork): Tagged[] {
  return work.vessels.flatMap((v) =>
    v.lesions.map((lesion) => ({ vessel: v.name, lesion, segments: new Set([lesion.segment, ...(lesion.involvedSegments ?? [])]) })),
  );
}

const ORDER: readonly CadRadsCategory[] = ['0', '1', '2', '3', '4A', '4B', '5'];

function categoryPoints(a: CadRadsCategory, b: CadRadsCategory): number {
  if (a === b) return 25;
  const i = ORDER.indexOf(a);
  const j = ORDER.indexOf(b);
  return i >= 0 && j >= 0 && Math.abs(i - j) === 1 ? 10 : 0;
}

export function matchLesions(learner: SavedWork, expert: SavedWork): LesionComparison[] {
  const exp = flatten(expert).sort((a, b) => b.lesion.diameterStenosisPct - a.lesion.diameterStenosisPct);
  const pool = flatten(learner);
  const used = new Set<number>();
  const out: LesionComparison[] = [];
  for (const e of exp) {
    let best = -1;
    let bestKey = Infinity;
    pool.forEach((l, i) => {
      if (used.has(i) || ![...e.segments].some((s) => l.segments.has(s))) return;
      const key = (l.lesion.segment === e.lesion.segment ? 0 : 1000) + Math.abs(l.lesion.diameterStenosisPct - e.lesion.diameterStenosisPct);
      if (key < bestKey) [best, bestKey] = [i, key];
    });
    const l = best >= 0 ? pool[best] : undefined;
    if (l) {
      used.add(best);
      out.push({
        status: 'found', segment: e.lesion.segment, expertVessel: e.vessel, learnerVessel: l.vessel, expert: e.lesion,
        learner: l.lesion, stenosisDifferencePct: l.lesion.diameterStenosisPct - e.lesion.diameterStenosisPct,
      });
    } else out.push({ status: 'missed', segment: e.lesion.segment, expertVessel: e.vessel, expert: e.lesion });
  }
  pool.forEach((l, i) => {
    if (!used.has(i)) out.push({ status: 'extra', segment: l.lesion.segment, learnerVessel: l.vessel, learner: l.lesion });
  });
  return out.sort((a, b) => a.segment - b.segment);
}

/** Compares a learner's work with the expert answer key of the same study. */
export function compareWork(learner: SavedWork, expert: SavedWork): WorkComparison {
  if (learner.studyInstanceUid !== expert.studyInstanceUid) {
    throw new WorkError('work-other-study', { found: learner.studyInstanceUid, expected: expert.studyInstanceUid });
  }
  const lesions = matchLesions(learner, expert);
  const found = lesions.filter((l) => l.status === 'found');
  const missed = lesions.filter((l) => l.status === 'missed').length;
  const extra = lesions.filter((l) => l.status === 'extra').length;
  const diffs = found.map((l) => Math.abs(l.stenosisDifferencePct ?? 0));
  const expertCount = found.length + missed;

  const e = buildReport(reportInputFromWork(expert)).cadRads;
  const k = buildReport(reportInputFromWork(learner)).cadRads;
  const union = new Set([...e.modifiers, ...k.modifiers]);
  const inter = e.modifiers.filter((m) => k.modifiers.includes(m)).length;

  const parts: ScoreParts = {
    detection: expertCount + extra === 0 ? 40 : (40 * found.length) / (expertCount + extra),
    stenosis:
      expertCount === 0 ? 20 : found.length === 0 ? 0 : (20 * diffs.reduce((s, d) => s + Math.max(0, 1 - d / 20), 0)) / found.length,
    category: categoryPoints(k.category, e.category),
    plaqueBurden: k.plaqueBurden === e.plaqueBurden ? 5 : 0,
    modifiers: union.size === 0 ? 10 : (10 * inter) / union.size,
  };
  const score = Math.round(parts.detection + parts.stenosis + parts.category + parts.plaqueBurden + parts.modifiers);
  return {
    lesions,
    found: found.length,
    missed,
    extra,
    meanAbsStenosisDifferencePct: diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : null,
    expertLabel: e.label,
    learnerLabel: k.label,
    labelMatch: e.label === k.label,
    categoryMatch: e.category === k.category,
    expertCategory: e.category,
    learnerCategory: k.category,
    expertPlaqueBurden: e.plaqueBurden,
    learnerPlaqueBurden: k.plaqueBurden,
    expertModifiers: e.modifiers,
    learnerModifiers: k.modifiers,
    expertIsAnswerKey: expert.answerKey,
    score,
    scoreParts: parts,
  };
}
