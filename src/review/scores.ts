/**
 * A learner's reading against the case's expert panel.
 *
 * Items (script concordance test): one per panel lesion — its CAD-RADS stenosis grade, or "absent" when the
 * learner's reading has no lesion matching it (matched by SCCT segment as src/report/compare.ts does) — and the
 * case's CAD-RADS category. Credit of an item = number of panel members who gave the learner's answer / number
 * who gave the modal answer (1 for a modal answer, 0 for an answer no expert gave). Concordance score = 100 ×
 * mean credit over the items. Lesions the learner reported that match no panel lesion are not items (a script
 * concordance test has a fixed set of questions): they lower the comparison score.
 *
 * Comparison score: today's answer-key score (compareWork, /100) against each expert's key, averaged over the
 * panel (exactly today's score for a panel of one).
 */
import type { CadRadsCategory } from '../report/cadrads.ts';
import { compareWork, matchLesions } from '../report/compare.ts';
import type { Lesion } from '../report/report.ts';
import type { SavedWork } from '../report/saved-work.ts';
import type { VesselName } from '../report/segments.ts';
import { lesionGrade, type CaseAnswer, type LesionAnswer } from './answers.ts';
import type { Panel } from './panel.ts';

export interface ExtraLesion {
  readonly vessel: VesselName;
  readonly lesion: Lesion;
}

export interface LearnerAnswers {
  /** per panel lesion (panel order) */
  readonly lesionAnswers: readonly LesionAnswer[];
  readonly matched: readonly (Lesion | null)[];
  readonly extras: readonly ExtraLesion[];
  readonly category: CadRadsCategory;
}

export function learnerAnswers(work: SavedWork, answer: CaseAnswer, panel: Panel): LearnerAnswers {
  const index = new Map(panel.lesions.map((l, i) => [l.id, i]));
  const matched: (Lesion | null)[] = panel.lesions.map(() => null);
  const extras: ExtraLesion[] = [];
  for (const m of matchLesions(work, panel.reference)) {
    if (m.status === 'found') matched[index.get(m.expert!.id!)!] = m.learner!;
    else if (m.status === 'extra') extras.push({ vessel: m.learnerVessel!, lesion: m.learner! });
  }
  return {
    lesionAnswers: matched.map((l) => (l ? lesionGrade(l.diameterStenosisPct) : 'absent')),
    matched,
    extras,
    category: answer.category,
  };
}

/** Credit of one item: panel members with the learner's answer / panel members with the modal answer. */
export function itemCredit<T>(answer: T, counts: ReadonlyMap<T, number>, modalCount: number): number {
  return modalCount > 0 ? (counts.get(answer) ?? 0) / modalCount : 0;
}

export interface Concordance {
  /** 0–100 */
  readonly score: number;
  /** per panel lesion, then the category item last */
  readonly credits: readonly number[];
}

export function concordance(a: LearnerAnswers, panel: Panel): Concordance {
  const credits = panel.lesions.map((l, i) => itemCredit(a.lesionAnswers[i]!, l.answerCounts, l.modalCount));
  credits.push(itemCredit(a.category, panel.categoryCounts, panel.modalCategoryCount));
  return { score: (100 * credits.reduce((s, c) => s + c, 0)) / credits.length, credits };
}

/** Mean over the panel's keys of today's comparison score (0–100, not rounded). */
export function comparisonScore(work: SavedWork, panel: Panel): number {
  return panel.keys.reduce((s, k) => s + compareWork(work, k).score, 0) / panel.keys.length;
}
