// Concordance (script concordance test) and comparison scores of hand-made readings against a 3-expert panel.
import { describe, expect, it } from 'vitest';
import { compareWork } from '../../../src/report/compare.ts';
import { reviewCase } from '../../../src/review/case-review.ts';
import { mergePanel } from '../../../src/review/panel.ts';
import { caseAnswerOf, readReading } from '../../../src/review/reading.ts';
import { comparisonScore, concordance, learnerAnswers } from '../../../src/review/scores.ts';
import { A, B, C, E1, E2, E3, bytesOf, vessel, work } from './fixtures.ts';

const panel = mergePanel([E1, E2, E3]);
const answersOf = (w: typeof A) => learnerAnswers(w, caseAnswerOf(w), panel);

describe('concordance', () => {
  it("the first expert's reading: full credit except the LCx 11 lesion only one expert reported (1/2)", () => {
    const a = answersOf(A);
    expect(a.lesionAnswers).toEqual(['2', '4', '2', 'absent']);
    const c = concordance(a, panel);
    expect(c.credits).toEqual([1, 1, 0.5, 1, 1]);
    expect(c.score).toBeCloseTo(90, 10);
  });
  it('a learner with no lesions: credit only where the panel says absent', () => {
    const a = answersOf(B);
    expect(a.lesionAnswers).toEqual(['absent', 'absent', 'absent', 'absent']);
    expect(a.category).toBe('0');
    expect(concordance(a, panel).credits).toEqual([0, 0, 1, 1, 0]);
    expect(concordance(a, panel).score).toBeCloseTo(40, 10);
  });
  it('extra lesions are not items; a grade no expert gave earns 0', () => {
    const a = answersOf(C);
    expect(a.extras.map((x) => x.lesion.segment).sort((x, y) => x - y)).toEqual([1, 16]);
    expect(a.lesionAnswers).toEqual(['absent', '4', 'absent', 'absent']);
    expect(concordance(a, panel).credits).toEqual([0, 1, 1, 1, 1]);
    const shifted = answersOf(work([vessel('LAD', [{ segment: 6, diameterStenosisPct: 30 }])]));
    expect(concordance(shifted, panel).credits[1]).toBe(0);
  });
  it('on a tie every modal answer earns full credit', () => {
    const tie = mergePanel([E1, E2]);
    for (const pct of [40, 55]) {
      const w = work([vessel('RCA', [{ segment: 2, diameterStenosisPct: pct }])]);
      expect(concordance(learnerAnswers(w, caseAnswerOf(w), tie), tie).credits[0]).toBe(1);
    }
  });
});

describe('comparison score', () => {
  it("is today's score for a panel of one and the panel mean otherwise", () => {
    expect(comparisonScore(C, mergePanel([E1]))).toBe(compareWork(C, E1).score);
    const mean = (compareWork(C, E1).score + compareWork(C, E2).score + compareWork(C, E3).score) / 3;
    expect(comparisonScore(C, panel)).toBeCloseTo(mean, 10);
    expect(comparisonScore(A, mergePanel([E1]))).toBe(100);
  });
});

describe('reviewCase', () => {
  const readings = [A, B, C].map((w, i) => readReading(`r${i}.json`, bytesOf(w)));
  const r = reviewCase(panel, readings);
  it('counts per lesion, most missed first; a lesion found by no learner comes first', () => {
    expect(r.lesions.map((l) => [l.panel.segment, l.found, l.missed])).toEqual([[13, 0, 3], [2, 1, 2], [11, 1, 2], [6, 2, 1]]);
    const lad = r.lesions.find((l) => l.panel.segment === 6)!;
    expect([...lad.learnerAnswerCounts]).toEqual([['4', 2], ['absent', 1]]);
    expect(lad.learnerDsPct).toEqual([75, 80]);
  });
  it('false positives grouped by segment', () => {
    expect(r.falsePositives.map((g) => [g.segment, g.lesions, g.learners])).toEqual([[1, 1, 1], [16, 1, 1]]);
  });
  it('learner rows: pseudonyms kept, counts and scores', () => {
    expect(r.learners.map((l) => [l.number, l.pseudonym, l.found, l.missed, l.extra])).toEqual([
      [1, 'ana', 3, 1, 0], [2, 'bob', 0, 4, 0], [3, undefined, 1, 3, 2],
    ]);
    expect(r.learners.map((l) => Math.round(l.concordance))).toEqual([90, 40, 80]);
    expect([...r.categoryCounts]).toEqual([['4A', 2], ['0', 1]]);
    expect(r.meanConcordance).toBeCloseTo(70, 10);
  });
});
