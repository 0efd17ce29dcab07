// PDF and CSV of the class review: the counts, scores and labels the review computed, re-read from the files.
import { describe, expect, it } from 'vitest';
import { csvCell, reviewCsv } from '../../../src/review/csv.ts';
import { classReview } from '../../../src/review/intake.ts';
import { reviewPdf } from '../../../src/review/review-pdf.ts';
import { reviewText } from '../../../src/i18n/review.ts';
import { pdfPagesText } from '../../helpers/pdf-text.ts';
import { A, B, C, E1, E2, E3, bytesOf } from './fixtures.ts';

const review = classReview([E1, E2, E3, A, B, C].map((w, i) => ({ name: `${i < 3 ? 'key' : 'r'}${i}.json`, bytes: bytesOf(w) })));

describe('review PDF', () => {
  it('holds the found counts, the panel answers, the false positives and the scores (FR and EN)', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const pages = await pdfPagesText(await reviewPdf(review, reviewText(lang), { showNames: false, date: '2026-12-07', lang }));
      const text = pages.flat().join('\n');
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const lines = pages[1]!;
      // LCx 13: found by none of the 3 learners; LAD 6 by 2
      expect(lines).toContain('L4 · LCx · 13');
      expect(lines[lines.indexOf('L4 · LCx · 13') + 1]).toBe('0/3');
      expect(lines[lines.indexOf('L2 · LAD · 6') + 1]).toBe('2/3');
      expect(text).toContain(lang === 'fr' ? 'Apprenant 2' : 'Learner 2');
      expect(text).not.toContain('bob');
      const all = pages.flat();
      const row3 = all.indexOf(lang === 'fr' ? 'Apprenant 3' : 'Learner 3');
      expect(all.slice(row3 + 1, row3 + 6)).toEqual([53, 80, 1, 3, 2].map((v, i) => String(i === 0 ? Math.round(review.cases[0]!.learners[2]!.comparison) : v)));
      expect(text).toContain(lang === 'fr' ? 'Segment 16 (rétroventriculaire (CD)) : 1 lésion(s) chez 1 apprenant(s)' : 'Segment 16');
      expect(text).toContain(lang === 'fr' ? 'Cas 9 — panel de 3 expert(s), 3 apprenant(s)' : 'Cas 9 — panel of 3 expert(s), 3 learner(s)');
      expect(text).toContain('CAD-RADS 4A');
    }
  });
  it('shows pseudonyms only when asked', async () => {
    const text = (await pdfPagesText(await reviewPdf(review, reviewText('en'), { showNames: true, date: 'd', lang: 'en' }))).flat().join('\n');
    expect(text).toContain('bob');
  });
});

describe('review CSV', () => {
  it('one row per learner and per panel lesion; cells quoted and formula-safe', () => {
    const csv = reviewCsv(review, reviewText('en'), false);
    const [learners, lesions] = csv.replace(/^\uFEFF/, '').split('\r\n\r\n');
    expect(learners!.split('\r\n')).toHaveLength(1 + 3);
    expect(lesions!.trim().split('\r\n')).toHaveLength(1 + 4);
    expect(csv).toContain('Learner 3');
    expect(csv).not.toContain('r4.json');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(-2)).toBe('-2');
  });
});
