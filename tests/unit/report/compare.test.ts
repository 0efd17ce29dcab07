// Answer-key comparison: learner vs expert saved work of the same study.
import { describe, expect, it } from 'vitest';
import { compareWork } from '../../../src/report/compare.ts';
import type { Lesion } from '../../../src/report/report.ts';
import { newWork, type SavedVessel, type SavedWork } from '../../../src/report/saved-work.ts';
import type { VesselName } from '../../../src/report/segments.ts';
import { WorkError } from '../../../src/report/work-errors.ts';

const UID = '1.2.3.4';
const vessel = (name: VesselName, lesions: Lesion[]): SavedVessel => ({
  name, waypointsLps: [[0, 0, 0], [10, 0, 0]], segmentBoundaries: [], lesions, edits: [],
});
const work = (vessels: SavedVessel[], answerKey = false, uid = UID): SavedWork => ({
  ...newWork(uid, { answerKey, now: new Date(0) }), vessels,
});
// CORO-02-like expert reading
const expert = work(
  [
    vessel('LAD', [{
      segment: 6, involvedSegments: [6, 7, 9], diameterStenosisPct: 75, plaqueType: 'non-calcified',
      highRiskFeatures: ['napkin-ring', 'low-attenuation'],
    }]),
    vessel('LCx', [{ segment: 11, diameterStenosisPct: 35, plaqueType: 'mixed' }]),
  ],
  true,
);

describe('compareWork', () => {
  it('a perfect reading scores 100', () => {
    const c = compareWork(expert, expert);
    expect(c.found).toBe(2);
    expect(c.missed + c.extra).toBe(0);
    expect(c.labelMatch).toBe(true);
    expect(c.expertLabel).toBe('CAD-RADS 4A/P2/HRP'); // SIS 4: 6, 7, 9, 11
    expect(c.score).toBe(100);
    expect(c.expertIsAnswerKey).toBe(true);
    expect(compareWork(expert, work([])).expertIsAnswerKey).toBe(false);
  });
  it('found with a stenosis difference, missed, extra, label mismatch', () => {
    const learner = work([
      // same lesion placed in segment 7 and traced on "LAD": found through the involved segments
      vessel('LAD', [{ segment: 7, diameterStenosisPct: 65, plaqueType: 'non-calcified' }]),
      vessel('RCA', [{ segment: 2, diameterStenosisPct: 20, plaqueType: 'calcified' }]),
    ]);
    const c = compareWork(learner, expert);
    expect(c.lesions.map((l) => [l.segment, l.status])).toEqual([[2, 'extra'], [6, 'found'], [11, 'missed']]);
    const f = c.lesions.find((l) => l.status === 'found')!;
    expect(f.stenosisDifferencePct).toBe(-10);
    expect(c.meanAbsStenosisDifferencePct).toBe(10);
    expect(c.learnerLabel).toBe('CAD-RADS 3/P1');
    expect(c.labelMatch).toBe(false);
    // detection 40·1/3, stenosis 20·0.5, category 3 vs 4A one step: 10, P1 vs P2: 0, modifiers 0/1: 0
    expect(c.scoreParts.detection).toBeCloseTo(40 / 3, 9);
    expect(c.scoreParts.stenosis).toBeCloseTo(10, 9);
    expect(c.scoreParts.category).toBe(10);
    expect(c.scoreParts.plaqueBurden).toBe(0);
    expect(c.scoreParts.modifiers).toBe(0);
    expect(c.score).toBe(Math.round(40 / 3 + 10 + 10));
  });
  it('prefers the same MLD segment, then the closest stenosis', () => {
    const learner = work([vessel('LAD', [
      { segment: 7, diameterStenosisPct: 75, plaqueType: 'mixed' },
      { segment: 6, diameterStenosisPct: 40, plaqueType: 'mixed' },
    ])]);
    const c = compareWork(learner, expert);
    const f = c.lesions.find((l) => l.status === 'found')!;
    expect(f.learner?.segment).toBe(6);
    expect(c.extra).toBe(1);
  });
  it('an empty reading of an empty case scores 100; an empty reading of a diseased case scores low', () => {
    expect(compareWork(work([]), work([], true)).score).toBe(100);
    const c = compareWork(work([]), expert);
    expect(c.missed).toBe(2);
    expect(c.score).toBe(0); // detection 0, stenosis 0, category 0 vs 4A, P null vs P2, modifiers 0
  });
  it('refuses works of two different studies', () => {
    expect(() => compareWork(work([], false, '1.2.9'), expert)).toThrow(WorkError);
  });
});
