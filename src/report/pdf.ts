/**
 * PDF export of the report (pdf-lib, pure: runs in the browser, workers and Node). A4 pages, Helvetica; the
 * label heads the first page, then the report text, then the key images (PNG bytes the viewer renders: CPR and
 * cross-section at each lesion) with their captions. Characters Helvetica (WinAnsi) cannot encode are
 * replaced (≥ → >=, − → -, others → ?). Nothing identifying is added: only what the caller passes.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface PdfImage {
  readonly caption: string;
  readonly png: Uint8Array;
}

export interface ReportPdfOptions {
  /** the CAD-RADS label, printed large on top */
  readonly label: string;
  /** the report as plain text (reportText) */
  readonly text: string;
  readonly images?: readonly PdfImage[];
  /** document title metadata */
  readonly title?: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 10;
const LEADING = 13.5;
const REPLACEMENTS: Record<string, string> = { '≥': '>=', '≤': '<=', '−': '-', '→': '->', '≈': '~', '\u202f': ' ', '\u00a0': ' ' };

export function sanitiser(font: PDFFont): (s: string) => string {
  const ok = new Map<string, boolean>();
  const encodable = (ch: string): boolean => {
    let v = ok.get(ch);
    if (v === undefined) {
      try {
        font.widthOfTextAtSize(ch, SIZE);
        v = true;
      } catch {
        v = false;
      }
      ok.set(ch, v);
    }
    return v;
  };
  return (s) => [...s].map((ch) => (ch === '\n' || encodable(ch) ? ch : (REPLACEMENTS[ch] ?? '?'))).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.trim() === '') {
      out.push('');
      continue;
    }
    let line = '';
    for (const word of para.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
      else {
        out.push(line);
        line = `  ${word}`;
      }
    }
    out.push(line);
  }
  return out;
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(private readonly doc: PDFDocument) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }
}

/** Builds the report PDF; returns its bytes. */
export async function reportPdf(opts: ReportPdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(opts.title ?? opts.label);
  doc.setProducer('coroscanner viewer');
  doc.setCreator('coroscanner viewer');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const clean = sanitiser(font);
  const width = A4[0] - 2 * MARGIN;
  const w = new Writer(doc);

  w.page.drawText(clean(opts.label), { x: MARGIN, y: w.y - 16, size: 16, font: bold, color: rgb(0.1, 0.1, 0.4) });
  w.y -= 36;
  for (const line of wrap(clean(opts.text), font, SIZE, width)) {
    w.ensure(LEADING);
    if (line) w.page.drawText(line, { x: MARGIN, y: w.y - SIZE, size: SIZE, font });
    w.y -= LEADING;
  }
  for (const img of opts.images ?? []) {
    const png = await doc.embedPng(img.png);
    const scale = Math.min(1, width / png.width, (A4[1] - 2 * MARGIN - 2 * LEADING) / png.height);
    const h = png.height * scale;
    w.ensure(h + 2 * LEADING);
    w.y -= LEADING;
    w.page.drawImage(png, { x: MARGIN, y: w.y - h, width: png.width * scale, height: h });
    w.y -= h + 4;
    for (const line of wrap(clean(img.caption), font, SIZE - 1, width)) {
      w.ensure(LEADING);
      w.page.drawText(line, { x: MARGIN, y: w.y - SIZE, size: SIZE - 1, font });
      w.y -= LEADING;
    }
  }
  return doc.save();
}

export interface VignetteSlide {
  readonly title: string;
  /** the view without answers (measurements, labels and contours hidden) */
  readonly png: Uint8Array;
  /** questions, each followed by a blank line for the learner's answer */
  readonly questions: readonly string[];
}

/**
 * "Diaporama à trous": one landscape A4 slide per vignette with its image and blanks for the answers.
 * Only what the caller passes is written (no patient data).
 */
export async function vignettesPdf(slides: readonly VignetteSlide[], opts: { title?: string; answerLabel?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(opts.title ?? 'Vignettes');
  doc.setProducer('coroscanner viewer');
  doc.setCreator('coroscanner viewer');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const clean = sanitiser(font);
  const [W, H] = [A4[1], A4[0]];
  const answer = clean(opts.answerLabel ?? 'Réponse :');
  for (const [i, s] of slides.entries()) {
    const page = doc.addPage([W, H]);
    page.drawText(clean(`${i + 1}. ${s.title}`), { x: MARGIN, y: H - MARGIN - 14, size: 14, font: bold });
    const png = await doc.embedPng(s.png);
    const boxW = W * 0.55 - MARGIN;
    const boxH = H - 2 * MARGIN - 30;
    const k = Math.min(boxW / png.width, boxH / png.height);
    page.drawImage(png, { x: MARGIN, y: H - MARGIN - 30 - png.height * k, width: png.width * k, height: png.height * k });
    const x0 = W * 0.55 + 10;
    const colW = W - MARGIN - x0;
    let y = H - MARGIN - 40;
    for (const q of s.questions) {
      for (const line of wrap(clean(q), font, SIZE + 1, colW)) {
        page.drawText(line, { x: x0, y, size: SIZE + 1, font });
        y -= LEADING + 1;
      }
      page.drawText(answer, { x: x0, y: y - 6, size: SIZE, font });
      page.drawLine({ start: { x: x0 + 55, y: y - 8 }, end: { x: W - MARGIN, y: y - 8 }, thickness: 0.6, color: rgb(0.4, 0.4, 0.4) });
      y -= 3 * LEADING;
    }
  }
  return doc.save();
}
