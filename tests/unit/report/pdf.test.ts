// Report PDF: re-parsed with pdf-lib and read back with pdftotext (poppler).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { reportPdf, vignettesPdf } from '../../../src/report/pdf.ts';
import { buildReport } from '../../../src/report/report.ts';
import { reportText } from '../../../src/report/report-text.ts';

const PNG_1PX = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);

describe('reportPdf', () => {
  it('opens, holds the label, French words, and the key images with captions', async () => {
    const r = buildReport({
      technique: { kvp: 120 },
      vessels: [
        { name: 'LM', lesions: [{ segment: 5, diameterStenosisPct: 60, plaqueType: 'mixed', involvedSegments: [5, 6, 11] }] },
        { name: 'RCA', lesions: [{ segment: 2, involvedSegments: [2, 3], diameterStenosisPct: 80, plaqueType: 'mixed' }] },
      ],
      overrides: { freeText: 'Sténose ≥ 50 % du tronc commun − à discuter' },
    });
    const text = reportText(r, 'fr');
    const bytes = await reportPdf({
      label: r.cadRads.label, text,
      images: [{ caption: 'CPR IVA, lésion L1', png: PNG_1PX }, { caption: 'Coupe transversale au DLM', png: PNG_1PX }],
    });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe('CAD-RADS 4B/P3');
    const dir = mkdtempSync(join(tmpdir(), 'coro-pdf-'));
    const file = join(dir, 'r.pdf');
    writeFileSync(file, bytes);
    const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(out).toContain('CAD-RADS 4B/P3');
    expect(out).toContain('tronc commun (segment 5)');
    expect(out).toContain('Sténose >= 50 % du tronc commun - à discuter');
    expect(out).toContain('Coupe transversale au DLM');
  });
  it('long texts flow onto further pages', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `ligne ${i}`).join('\n');
    const doc = await PDFDocument.load(await reportPdf({ label: 'CAD-RADS 0', text }));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});

describe('vignettesPdf', () => {
  it('one landscape slide per vignette with the questions and blanks', async () => {
    const bytes = await vignettesPdf([
      { title: 'Cas 1 — IVA proximale', png: PNG_1PX, questions: ['Quel est le degré de sténose ?', 'Catégorie CAD-RADS ?'] },
      { title: 'Cas 2 — bifurcation IVA/D1', png: PNG_1PX, questions: ['Signes de plaque à haut risque ?'] },
    ]);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
    const file = join(mkdtempSync(join(tmpdir(), 'coro-vig-')), 'v.pdf');
    writeFileSync(file, bytes);
    const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(out).toContain('Catégorie CAD-RADS ?');
    expect(out).toContain('2. Cas 2 — bifurcation IVA/D1');
    expect(out.match(/Réponse :/g)).toHaveLength(3);
  });
});
