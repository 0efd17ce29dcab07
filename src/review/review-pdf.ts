/**
 * One PDF of the class review (pdf-lib, landscape A4): per case its panel, the lesion table with each lesion's
 * chart (the same shapes as on the page, drawn as vectors), the false positives by segment, the category and
 * modifier distribution beside the panel's, and the learners' scores (anonymous unless names are asked for).
 * Text goes through the report PDF's WinAnsi sanitiser (≥ → >=…).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { sanitiser } from '../report/pdf.ts';
import type { Lang } from '../i18n/lang.ts';
import { segmentName } from '../report/segments.ts';
import { LESION_ANSWERS } from './answers.ts';
import type { CaseReview } from './case-review.ts';
import { CHART_HEIGHT, CHART_RGB, CHART_WIDTH, lesionChartShapes, type ChartShape } from './chart-model.ts';
import { distributionRows } from './distribution.ts';
import type { ClassReview } from './intake.ts';
import { answerText, caseTitle, countsText, learnerName, rangeText, type ReviewText } from './labels.ts';

const PAGE: [number, number] = [841.89, 595.28];
const M = 36;
const SIZE = 9;
const LEAD = 12;

interface Ctx {
  readonly doc: PDFDocument;
  readonly font: PDFFont;
  readonly bold: PDFFont;
  readonly clean: (s: string) => string;
  page: PDFPage;
  y: number;
}

function ensure(c: Ctx, h: number): void {
  if (c.y - h < M) {
    c.page = c.doc.addPage(PAGE);
    c.y = PAGE[1] - M;
  }
}

function text(c: Ctx, s: string, x: number, opts: { size?: number; bold?: boolean; maxWidth?: number } = {}): void {
  const size = opts.size ?? SIZE;
  const font = opts.bold ? c.bold : c.font;
  let str = c.clean(s);
  if (opts.maxWidth) while (str.length > 3 && font.widthOfTextAtSize(str, size) > opts.maxWidth) str = `${str.slice(0, -2)}…`.replace(/……$/, '…');
  c.page.drawText(c.clean(str), { x, y: c.y - size, size, font });
}

function line(c: Ctx, s: string, opts: { size?: number; bold?: boolean } = {}): void {
  const size = opts.size ?? SIZE;
  ensure(c, size + 4);
  text(c, s, M, { ...opts, maxWidth: PAGE[0] - 2 * M });
  c.y -= size + 4;
}

function row(c: Ctx, cells: readonly string[], widths: readonly number[], bold = false): void {
  ensure(c, LEAD);
  let x = M;
  cells.forEach((s, i) => {
    text(c, s, x, { bold, maxWidth: widths[i]! - 4 });
    x += widths[i]!;
  });
  c.y -= LEAD;
}

function drawChart(c: Ctx, shapes: readonly ChartShape[], x0: number, yTop: number, scale: number): void {
  for (const s of shapes) {
    const [r, g, b] = CHART_RGB[s.colour];
    const color = rgb(r, g, b);
    if (s.kind === 'rect') c.page.drawRectangle({ x: x0 + s.x * scale, y: yTop - (s.y + s.h) * scale, width: s.w * scale, height: s.h * scale, color });
    else if (s.kind === 'dot') c.page.drawCircle({ x: x0 + s.x * scale, y: yTop - s.y * scale, size: s.r * scale, color });
    else c.page.drawText(s.text, { x: x0 + s.x * scale, y: yTop - s.y * scale, size: 7 * scale, font: c.font, color });
  }
}

function lesionTable(c: Ctx, cr: CaseReview, t: ReviewText): void {
  line(c, t('lesionsTitle'), { bold: true, size: 11 });
  const widths = [110, 60, 150, 200];
  row(c, [t('colLesion'), t('colFound'), t('colPanel'), t('colClass')], widths, true);
  const scale = 0.7;
  const experts = cr.panel.keys.length;
  for (const l of cr.lesions) {
    const h = Math.max(CHART_HEIGHT * scale, 3 * LEAD) + 6;
    ensure(c, h);
    const top = c.y;
    const p = l.panel;
    const panelText = t('panelAnswer', { modal: p.modal.map((a) => answerText(t, a)).join(' / '), count: p.modalCount, experts, range: rangeText(p.dsPct) });
    row(c, [`${p.id} · ${p.vessel} · ${p.segment}`, t('foundOf', { found: l.found, total: cr.learners.length }), panelText, countsText(t, l.learnerAnswerCounts, LESION_ANSWERS)], widths);
    text(c, `% DS ${rangeText(l.learnerDsPct)}`, M + widths[0]! + widths[1]! + widths[2]!);
    drawChart(c, lesionChartShapes({
      learnerCounts: l.learnerAnswerCounts, learners: cr.learners.length, panelCounts: p.answerCounts, experts,
      learnerDsPct: l.learnerDsPct, panelDsPct: p.dsPct,
    }), PAGE[0] - M - CHART_WIDTH * scale, top, scale);
    c.y = top - h;
  }
  line(c, t('legend'));
}

function caseSection(c: Ctx, cr: CaseReview, index: number, t: ReviewText, o: PdfOptions): void {
  ensure(c, 120);
  line(c, t('caseHeading', { name: caseTitle(cr, index), experts: cr.panel.keys.length, learners: cr.learners.length }), { bold: true, size: 14 });
  line(c, t('panelLabel', { labels: [...cr.panel.labelCounts].map(([l, n]) => `${l} (${n})`).join(' · ') }));
  c.y -= 4;
  lesionTable(c, cr, t);
  c.y -= 6;
  line(c, t('fpTitle'), { bold: true, size: 11 });
  if (cr.falsePositives.length === 0) line(c, t('fpNone'));
  for (const g of cr.falsePositives) {
    line(c, t('fpLine', { segment: g.segment, name: segmentName(g.segment, o.lang), lesions: g.lesions, learners: g.learners, ds: rangeText(g.dsPct) }));
  }
  c.y -= 6;
  line(c, t('labelTitle'), { bold: true, size: 11 });
  const dw = [200, 90, 90];
  row(c, [t('colValue'), t('colLearners'), t('colExperts')], dw, true);
  for (const d of distributionRows(cr, t)) row(c, [d.label, `${d.learners}/${cr.learners.length}`, `${d.experts}/${cr.panel.keys.length}`], dw);
  c.y -= 6;
  line(c, t('learnersTitle'), { bold: true, size: 11 });
  const lw = [110, 100, 90, 55, 55, 55, 160];
  row(c, [t('colLearner'), t('colScore'), t('colConcordance'), t('colFound'), t('colMissed'), t('colExtra'), t('colLabel')], lw, true);
  for (const r of cr.learners) {
    row(c, [learnerName(t, r, o.showNames), r.comparison.toFixed(0), r.concordance.toFixed(0), String(r.found), String(r.missed), String(r.extra), r.label], lw);
  }
  if (cr.meanComparison !== null && cr.meanConcordance !== null) row(c, [t('mean'), cr.meanComparison.toFixed(0), cr.meanConcordance.toFixed(0)], lw, true);
}

export interface PdfOptions {
  readonly showNames: boolean;
  /** printed as given */
  readonly date: string;
  readonly lang: Lang;
}

export async function reviewPdf(review: ClassReview, t: ReviewText, opts: PdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(t('pdfTitle'));
  doc.setProducer('coroscanner viewer');
  doc.setCreator('coroscanner viewer');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const c: Ctx = { doc, font, bold, clean: sanitiser(font), page: doc.addPage(PAGE), y: PAGE[1] - M };
  line(c, t('pdfTitle'), { bold: true, size: 18 });
  line(c, t('pdfDate', { date: opts.date }));
  line(c, t('loadedSummary', { keys: review.keyFiles, readings: review.cases.reduce((s, x) => s + x.learners.length, 0), refused: review.refused.length }));
  c.y -= 4;
  for (const p of wrapText(c.clean(t('scoresHelp')), font, SIZE, PAGE[0] - 2 * M)) line(c, p);
  review.cases.forEach((cr, i) => {
    c.page = doc.addPage(PAGE);
    c.y = PAGE[1] - M;
    caseSection(c, cr, i, t, opts);
  });
  return doc.save();
}

function wrapText(s: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of s.split(/\s+/)) {
    const cand = cur ? `${cur} ${w}` : w;
    if (font.widthOfTextAtSize(cand, size) <= width || !cur) cur = cand;
    else {
      out.push(cur);
      cur = w;
    }
  }
  if (cur) out.push(cur);
  return out;
}
