/**
 * The issue's targets over a set of scored trees (CAT08 style: per-vessel figures averaged over the set):
 * labelled overlap ≥ 95 % for LM/LAD/LCx/RCA and ≥ 85 % for side branches ≥ 1.5 mm, accuracy ≤ 0.3 mm, false
 * length ≤ 5 mm in every study, labels right ≥ 95 %, dominance right in every study.
 */
import type { TreeScore, VesselScore } from '../../src/tree/score.ts';

export interface StudyScore {
  readonly id: string;
  readonly feature: string;
  readonly dominanceFound: string | null;
  readonly dominanceTruth: string;
  readonly score: TreeScore;
  readonly seconds: number;
}

export interface TargetRow {
  readonly key: 'trunks' | 'branches' | 'accuracy' | 'falseLength' | 'labels' | 'dominance';
  readonly text: string;
  readonly value: string;
  readonly pass: boolean;
  /** the studies that miss it on their own (for the trunk and branch overlaps: the vessels) */
  readonly misses: string[];
}

export const TRUNKS: readonly string[] = ['LM', 'LAD', 'LCx', 'RCA'];
/** CAD-RADS grades vessels from 1.5 mm: the side branches the overlap target covers (mean reference Ø). */
export const MIN_BRANCH_DIAMETER_MM = 1.5;

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

function overlapRow(studies: readonly StudyScore[], pick: (v: VesselScore) => boolean, min: number, key: 'trunks' | 'branches', text: string): TargetRow {
  const all: { id: string; v: VesselScore }[] = studies.flatMap((s) => s.score.vessels.filter(pick).map((v) => ({ id: s.id, v })));
  const m = mean(all.map((x) => x.v.overlapSameName));
  return { key, text, value: pct(m), pass: m >= min, misses: all.filter((x) => x.v.overlapSameName < min).map((x) => `${x.id} ${x.v.name} ${(100 * x.v.overlapSameName).toFixed(0)}`) };
}

export function targets(studies: readonly StudyScore[]): TargetRow[] {
  const isTrunk = (v: VesselScore): boolean => TRUNKS.includes(v.name);
  const isBranch = (v: VesselScore): boolean => !isTrunk(v) && 2 * v.meanRadiusMm >= MIN_BRANCH_DIAMETER_MM;
  const acc = studies.flatMap((s) => s.score.vessels.filter((v) => Number.isFinite(v.accuracyMm)).map((v) => v.accuracyMm));
  const accMean = mean(acc);
  const falseMax = Math.max(0, ...studies.map((s) => s.score.falseLengthMm));
  const right = studies.reduce((a, s) => a + s.score.labelsRight, 0), checked = studies.reduce((a, s) => a + s.score.labelsChecked, 0);
  const domWrong = studies.filter((s) => !sameDominance(s.dominanceFound, s.dominanceTruth));
  return [
    overlapRow(studies, isTrunk, 0.95, 'trunks', 'labelled overlap LM/LAD/LCx/RCA ≥ 95 %'),
    overlapRow(studies, isBranch, 0.85, 'branches', `labelled overlap side branches ≥ ${MIN_BRANCH_DIAMETER_MM} mm ≥ 85 %`),
    { key: 'accuracy', text: 'accuracy (mean distance in the overlap) ≤ 0.3 mm', value: `${accMean.toFixed(2)} mm`, pass: accMean <= 0.3,
      misses: studies.flatMap((s) => s.score.vessels.filter((v) => v.accuracyMm > 0.3).map((v) => `${s.id} ${v.name} ${v.accuracyMm.toFixed(2)}`)) },
    { key: 'falseLength', text: 'false length ≤ 5 mm per study', value: `max ${falseMax.toFixed(1)} mm`, pass: falseMax <= 5,
      misses: studies.filter((s) => s.score.falseLengthMm > 5).map((s) => `${s.id} ${s.score.falseLengthMm.toFixed(1)}`) },
    { key: 'labels', text: 'labels right ≥ 95 %', value: `${right}/${checked} (${pct(checked ? right / checked : 0)})`, pass: checked > 0 && right / checked >= 0.95,
      misses: studies.filter((s) => s.score.labelsRight < s.score.labelsChecked).map((s) => `${s.id} ${s.score.labelsRight}/${s.score.labelsChecked}`) },
    { key: 'dominance', text: 'dominance right on every study', value: `${studies.length - domWrong.length}/${studies.length}`, pass: domWrong.length === 0,
      misses: domWrong.map((s) => `${s.id} ${s.dominanceFound ?? 'none'}≠${s.dominanceTruth}`) },
  ];
}

function sameDominance(found: string | null, truth: string): boolean {
  return found !== null && (found === truth || (found === 'co' && truth === 'co-dominant'));
}

/** Per-vessel table of one study, and its header line. */
export function studyTable(s: StudyScore): string[] {
  const p = (x: number): string => (100 * x).toFixed(1).padStart(5);
  const lines = [`${s.id} ${s.feature}: ${s.seconds.toFixed(1)} s, dominance ${s.dominanceFound ?? 'none'} (truth ${s.dominanceTruth}), false length ${s.score.falseLengthMm.toFixed(1)} mm, labels ${s.score.labelsRight}/${s.score.labelsChecked}`,
    '  vessel   length  radius  overlap-same  overlap-any  accuracy'];
  for (const v of s.score.vessels) lines.push(`  ${v.name.padEnd(7)} ${v.lengthMm.toFixed(0).padStart(6)} ${v.meanRadiusMm.toFixed(2).padStart(7)} ${p(v.overlapSameName).padStart(13)} ${p(v.overlapAnyName).padStart(12)} ${v.accuracyMm.toFixed(2).padStart(9)}`);
  return lines;
}

/** Mean labelled overlap per vessel name over the set (how many studies carry it). */
export function perNameTable(studies: readonly StudyScore[]): string[] {
  const names = [...new Set(studies.flatMap((s) => s.score.vessels.map((v) => v.name)))];
  return ['  vessel   n  overlap-same  overlap-any  accuracy', ...names.map((n) => {
    const vs = studies.flatMap((s) => s.score.vessels.filter((v) => v.name === n));
    const acc = mean(vs.map((v) => v.accuracyMm).filter(Number.isFinite));
    return `  ${n.padEnd(7)} ${String(vs.length).padStart(2)} ${pct(mean(vs.map((v) => v.overlapSameName))).padStart(13)} ${pct(mean(vs.map((v) => v.overlapAnyName))).padStart(12)} ${acc.toFixed(2).padStart(9)}`;
  })];
}

export function summaryLines(studies: readonly StudyScore[]): string[] {
  return targets(studies).map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.text}: ${t.value}${t.pass || !t.misses.length ? '' : `  (${t.misses.slice(0, 8).join(', ')}${t.misses.length > 8 ? `, … ${t.misses.length - 8} more` : ''})`}`);
}
