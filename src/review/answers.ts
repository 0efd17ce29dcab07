/**
 * The answers a reader gives in a class review, as script-concordance items: per lesion, its CAD-RADS stenosis
 * grade (or "absent" when the reader did not report it); per case, the CAD-RADS category.
 *
 * Per-lesion grades follow the CAD-RADS 2.0 stenosis bands on the real %DS value (24.9 % is grade 1):
 * 0 (0 %), 1 (1–24), 2 (25–49), 3 (50–69), 4 (70–99), 5 (100). 4A/4B is a patient-level distinction, so the
 * lesion grade stops at 4.
 */
import type { CadRadsCategory, CadRadsModifier, PlaqueBurden } from '../report/cadrads.ts';

export const LESION_GRADES = ['0', '1', '2', '3', '4', '5'] as const;
export type LesionGrade = (typeof LESION_GRADES)[number];
/** a lesion item's answer: a grade, or not reported */
export type LesionAnswer = LesionGrade | 'absent';
export const LESION_ANSWERS: readonly LesionAnswer[] = ['absent', ...LESION_GRADES];

export function lesionGrade(diameterStenosisPct: number): LesionGrade {
  if (diameterStenosisPct >= 100) return '5';
  if (diameterStenosisPct >= 70) return '4';
  if (diameterStenosisPct >= 50) return '3';
  if (diameterStenosisPct >= 25) return '2';
  if (diameterStenosisPct > 0) return '1';
  return '0';
}

/** The case-level conclusion of one reading. */
export interface CaseAnswer {
  readonly label: string;
  readonly category: CadRadsCategory;
  readonly plaqueBurden: PlaqueBurden | null;
  readonly modifiers: readonly CadRadsModifier[];
}

/** Counts of each value (insertion order kept). */
export function countOf<T>(values: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** The most frequent values (every tied one) and their count; empty input → no mode. */
export function modes<T>(counts: ReadonlyMap<T, number>): { values: T[]; count: number } {
  let count = 0;
  for (const c of counts.values()) count = Math.max(count, c);
  return { values: count === 0 ? [] : [...counts].filter(([, c]) => c === count).map(([v]) => v), count };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
