/** Wording of review values shared by the page, the PDF and the CSV (strings come from the caller's catalogue). */
import type { ReviewKey } from '../i18n/review.ts';
import type { LesionAnswer } from './answers.ts';

export type ReviewText = (key: ReviewKey, params?: Readonly<Record<string, string | number>>) => string;

export function answerText(t: ReviewText, a: LesionAnswer): string {
  return a === 'absent' ? t('absent') : t('grade', { g: a });
}

/** "answer n · answer n" in the answers' order, zero counts left out */
export function countsText(t: ReviewText, counts: ReadonlyMap<LesionAnswer, number>, order: readonly LesionAnswer[]): string {
  return order.filter((a) => (counts.get(a) ?? 0) > 0).map((a) => `${answerText(t, a)}: ${counts.get(a)}`).join(' · ');
}

export function rangeText(values: readonly number[]): string {
  if (values.length === 0) return '—';
  const lo = Math.round(Math.min(...values));
  const hi = Math.round(Math.max(...values));
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

export function learnerName(t: ReviewText, row: { number: number; pseudonym?: string }, showNames: boolean): string {
  return showNames && row.pseudonym ? row.pseudonym : t('anonymous', { n: row.number });
}

export function caseTitle(c: { caseName?: string; panel: { studyInstanceUid: string } }, index: number): string {
  return c.caseName ?? `#${index + 1} (…${c.panel.studyInstanceUid.slice(-8)})`;
}
