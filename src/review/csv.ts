/**
 * CSV of the class review (RFC 4180, comma-separated, CRLF, UTF-8 with BOM so spreadsheets read accents): a learner
 * table (one row per learner and case) and, after a blank line, a lesion table (one row per panel lesion).
 */
import { LESION_ANSWERS } from './answers.ts';
import type { ClassReview } from './intake.ts';
import { answerText, caseTitle, countsText, learnerName, rangeText, type ReviewText } from './labels.ts';

export function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v;
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && typeof v !== 'number' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: readonly (string | number)[]): string => cells.map(csvCell).join(',');

export function reviewCsv(review: ClassReview, t: ReviewText, showNames: boolean): string {
  const rows: string[] = [
    line([t('csvCase'), t('csvLearner'), t('csvFile'), t('colScore'), t('colConcordance'), t('colFound'), t('colMissed'), t('colExtra'), t('colLabel')]),
  ];
  review.cases.forEach((c, i) => {
    for (const r of c.learners) {
      rows.push(line([caseTitle(c, i), learnerName(t, r, showNames), showNames ? r.file : '', r.comparison, r.concordance, r.found, r.missed, r.extra, r.label]));
    }
  });
  rows.push('');
  rows.push(line([t('csvCase'), t('csvLesion'), t('csvVessel'), t('colSegment'), t('colFound'), t('csvPanelModal'), t('csvPanelDs'), t('csvAnswers')]));
  review.cases.forEach((c, i) => {
    for (const l of c.lesions) {
      rows.push(line([
        caseTitle(c, i), l.panel.id, l.panel.vessel, l.panel.segment, t('foundOf', { found: l.found, total: c.learners.length }),
        l.panel.modal.map((a) => answerText(t, a)).join(' / '), rangeText(l.panel.dsPct), countsText(t, l.learnerAnswerCounts, LESION_ANSWERS),
      ]));
    }
  });
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
