// Expert panel merge: lesions matched by SCCT segment across keys, per-lesion answers, modes (ties) and spread.
import { describe, expect, it } from 'vitest';
import { mergePanel } from '../../../src/review/panel.ts';
import { lesionGrade } from '../../../src/review/answers.ts';
import { pointAlongMm, lesionLps } from '../../../src/review/position.ts';
import { E1, E2, E3, OTHER_UID, vessel, work } from './fixtures.ts';

describe('lesionGrade', () => {
  it('CAD-RADS bands on the real value', () => {
    expect([0, 0.5, 24.9, 25, 49.9, 50, 69.9, 70, 99.9, 100].map(lesionGrade)).toEqual(['0', '1', '1', '2', '2', '3', '3', '4', '4', '5']);
  });
});

describe('mergePanel', () => {
  const p = mergePanel([E1, E2, E3]);
  it('matches lesions by segment across experts and orders them by segment', () => {
    expect(p.lesions.map((l) => [l.id, l.segment, l.vessel])).toEqual([['L1', 2, 'RCA'], ['L2', 6, 'LAD'], ['L3', 11, 'LCx'], ['L4', 13, 'LCx']]);
    expect(p.lesions[1]!.segments).toEqual([6, 7]);
    expect(p.lesions.map((l) => l.answers)).toEqual([['2', '3', '2'], ['4', '4', '3'], ['2', 'absent', 'absent'], ['absent', 'absent', '1']]);
  });
  it('modal answer, its count and the %DS spread', () => {
    expect(p.lesions.map((l) => [l.modal, l.modalCount])).toEqual([[['2'], 2], [['4'], 2], [['absent'], 2], [['absent'], 2]]);
    expect(p.lesions[0]!.dsPct).toEqual([40, 55, 45]);
    expect(p.lesions[0]!.dsMedianPct).toBe(45);
    expect(p.lesions[2]!.dsPct).toEqual([30]);
  });
  it('case answers: categories and modal category', () => {
    expect(p.experts.map((e) => e.category)).toEqual(['4A', '4A', '3']);
    expect(p.modalCategories).toEqual(['4A']);
    expect(p.modalCategoryCount).toBe(2);
    expect(p.caseName).toBe('Cas 9');
  });
  it('ties keep every modal answer', () => {
    const t = mergePanel([E1, E2]);
    expect(t.lesions[0]!.modal).toEqual(['2', '3']);
    expect(t.lesions[0]!.modalCount).toBe(1);
  });
  it('one key is a panel of one', () => {
    const one = mergePanel([E3]);
    expect(one.lesions.map((l) => [l.segment, l.answers, l.modal])).toEqual([[2, ['2'], ['2']], [7, ['3'], ['3']], [13, ['1'], ['1']]]);
  });
  it('refuses keys of two studies and no key', () => {
    expect(() => mergePanel([E1, work([], { key: true, uid: OTHER_UID })])).toThrow(/different studies/);
    expect(() => mergePanel([])).toThrow(/no answer key/);
  });
  it('places a lesion at its MLD along the key vessel', () => {
    // E1's waypoints run 100 mm along x, its segment spans end at 100 mm: positionMm 50 → x 50
    expect(p.lesions[0]!.positionLps).toEqual([50, 0, 0]);
    expect(p.lesions[1]!.positionLps).toEqual([25, 0, 0]);
    expect(p.lesions[3]!.positionLps).toBeUndefined();
  });
});

describe('position', () => {
  it('walks a polyline by arc length, clamped at its ends', () => {
    const pts: [number, number, number][] = [[0, 0, 0], [3, 4, 0], [3, 4, 10]];
    expect(pointAlongMm(pts, 2.5)).toEqual([1.5, 2, 0]);
    expect(pointAlongMm(pts, 8)).toEqual([3, 4, 3]);
    expect(pointAlongMm(pts, 99)).toEqual([3, 4, 10]);
    expect(pointAlongMm(pts, -1)).toEqual([0, 0, 0]);
  });
  it('prefers the saved centreline; scales the waypoint polyline to the vessel length otherwise', () => {
    const v = { ...vessel('LAD', []), centrelineLps: [[0, 0, 0], [0, 20, 0]] as [number, number, number][] };
    expect(lesionLps(v, { segment: 6, diameterStenosisPct: 50, positionMm: 5 })).toEqual([0, 5, 0]);
    const w = { ...vessel('LAD', []), segmentBoundaries: [{ segment: 6, startMm: 0, endMm: 50 }] };
    expect(lesionLps(w, { segment: 6, diameterStenosisPct: 50, positionMm: 25 })).toEqual([50, 0, 0]);
  });
});
