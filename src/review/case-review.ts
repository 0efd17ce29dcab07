/**
 * The class review of one case: every accepted reading against the case's panel. Per panel lesion how many
 * learners found it and their answers and %DS beside the panel's; the lesions no panel member reported, grouped by
 * segment; the CAD-RADS categories, plaque burdens, modifiers and labels of the class beside the panel's; one row
 * per learner with both scores. Lesions are listed most missed first (then by segment): what the session discusses.
 */
import type { CadRadsCategory, CadRadsModifier, PlaqueBurden } from '../report/cadrads.ts';
import { countOf, modes, type LesionAnswer } from './answers.ts';
import type { Panel, PanelLesion } from './panel.ts';
import type { Reading } from './reading.ts';
import { comparisonScore, concordance, learnerAnswers, type LearnerAnswers } from './scores.ts';

export interface LearnerRow {
  /** 1-based order of the reading in the case (file names sorted): the anonymous name */
  readonly number: number;
  readonly pseudonym?: string;
  readonly file: string;
  readonly label: string;
  readonly answers: LearnerAnswers;
  readonly found: number;
  readonly missed: number;
  readonly extra: number;
  /** 0–100, mean over the panel of today's comparison score */
  readonly comparison: number;
  /** 0–100 script-concordance score */
  readonly concordance: number;
}

export interface LesionReview {
  readonly panel: PanelLesion;
  readonly found: number;
  readonly missed: number;
  readonly learnerAnswerCounts: ReadonlyMap<LesionAnswer, number>;
  /** %DS of the learners who found it */
  readonly learnerDsPct: readonly number[];
}

export interface FalsePositiveGroup {
  readonly segment: number;
  /** lesions reported on this segment that match no panel lesion */
  readonly lesions: number;
  /** learners who reported at least one of them */
  readonly learners: number;
  readonly dsPct: readonly number[];
}

export interface CaseReview {
  readonly panel: Panel;
  /** the keys' case name, else the one most readings give */
  readonly caseName?: string;
  readonly learners: readonly LearnerRow[];
  readonly lesions: readonly LesionReview[];
  readonly falsePositives: readonly FalsePositiveGroup[];
  readonly categoryCounts: ReadonlyMap<CadRadsCategory, number>;
  readonly burdenCounts: ReadonlyMap<PlaqueBurden | null, number>;
  readonly modifierCounts: ReadonlyMap<CadRadsModifier, number>;
  readonly labelCounts: ReadonlyMap<string, number>;
  readonly meanComparison: number | null;
  readonly meanConcordance: number | null;
}

const mean = (v: readonly number[]): number | null => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);

function falsePositives(rows: readonly LearnerRow[]): FalsePositiveGroup[] {
  const groups = new Map<number, { lesions: number; learners: Set<number>; dsPct: number[] }>();
  for (const r of rows) {
    for (const x of r.answers.extras) {
      const g = groups.get(x.lesion.segment) ?? { lesions: 0, learners: new Set<number>(), dsPct: [] };
      g.lesions++;
      g.learners.add(r.number);
      g.dsPct.push(x.lesion.diameterStenosisPct);
      groups.set(x.lesion.segment, g);
    }
  }
  return [...groups]
    .map(([segment, g]) => ({ segment, lesions: g.lesions, learners: g.learners.size, dsPct: g.dsPct }))
    .sort((a, b) => b.learners - a.learners || a.segment - b.segment);
}

/** `readings` are this case's accepted readings, in the order that numbers them. */
export function reviewCase(panel: Panel, readings: readonly Reading[]): CaseReview {
  const learners: LearnerRow[] = readings.map((r, i) => {
    const answers = learnerAnswers(r.work, r.answer, panel);
    const found = answers.lesionAnswers.filter((a) => a !== 'absent').length;
    return {
      number: i + 1, ...(r.work.pseudonym ? { pseudonym: r.work.pseudonym } : {}), file: r.file, label: r.answer.label, answers,
      found, missed: panel.lesions.length - found, extra: answers.extras.length,
      comparison: comparisonScore(r.work, panel), concordance: concordance(answers, panel).score,
    };
  });
  const lesions: LesionReview[] = panel.lesions.map((l, i) => {
    const answers = learners.map((r) => r.answers.lesionAnswers[i]!);
    const found = answers.filter((a) => a !== 'absent').length;
    return {
      panel: l, found, missed: learners.length - found, learnerAnswerCounts: countOf(answers),
      learnerDsPct: learners.map((r) => r.answers.matched[i]?.diameterStenosisPct).filter((v): v is number => v !== undefined),
    };
  });
  lesions.sort((a, b) => b.missed - a.missed || a.panel.segment - b.panel.segment);
  const answersOf = readings.map((r) => r.answer);
  const caseName = panel.caseName ?? modes(countOf(readings.map((r) => r.work.caseName).filter((n): n is string => !!n))).values[0];
  return {
    panel, ...(caseName ? { caseName } : {}), learners, lesions, falsePositives: falsePositives(learners),
    categoryCounts: countOf(answersOf.map((a) => a.category)),
    burdenCounts: countOf(answersOf.map((a) => a.plaqueBurden)),
    modifierCounts: countOf(answersOf.flatMap((a) => a.modifiers)),
    labelCounts: countOf(answersOf.map((a) => a.label)),
    meanComparison: mean(learners.map((r) => r.comparison)),
    meanConcordance: mean(learners.map((r) => r.concordance)),
  };
}
