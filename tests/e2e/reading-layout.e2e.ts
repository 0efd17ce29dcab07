// Reading layouts at 1440×900 on Cas 2 (LAD traced from truth seeds): tracing opens "Analyse vasculaire", where the
// MPR, CPR, cross-section, profile and lesion table share one screen with no page scroll, in French and English,
// with one or three MPR views; the report opens as a drawer; a double-click maximises a view and a second one
// brings the layout back; the layout and the MPR choice come back after a reload.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, renderSettled, screenshot, screenshotDir, waitForVolume } from './browser.ts';
import { traceLadFromTruth } from './truth-points.ts';
import { CPR_COLS, CPR_PIXEL_MM } from '../../src/viewer/vessel/panel-jobs.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';

/** Colour counts of a vignette PNG, decoded in the page: markers, and contrast lumen near the marked row and the centre. */
async function pngStats(page: Page, png: Uint8Array): Promise<{ magenta: number; green: number; lumenNearMarker: number; lumenCentre: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let magenta = 0, green = 0, rowSum = 0;
    const lumen: [number, number][] = [];
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      const k = (y * c.width + x) * 4, r = d[k]!, gg = d[k + 1]!, b = d[k + 2]!;
      if (r > 200 && gg < 110 && b > 170) { magenta++; rowSum += y; }
      if (gg > 200 && r < 130 && b < 180 && gg - r > 80) green++;
      if (r >= 150 && Math.abs(r - gg) < 12 && Math.abs(r - b) < 12) lumen.push([x, y]);
    }
    const markerRow = magenta ? rowSum / magenta : -1;
    const centre = (x: number) => Math.abs(x - c.width / 2) < c.width * 0.2;
    return {
      magenta, green,
      lumenNearMarker: markerRow < 0 ? 0 : lumen.filter(([x, y]) => centre(x) && Math.abs(y - markerRow) < 20).length,
      lumenCentre: lumen.filter(([x]) => centre(x)).length,
    };
  }, Buffer.from(png).toString('base64'));
}

const W = 1440, H = 900;

/** Page scroll and the viewport (the layout must fit: no scroll). */
const scroll = (page: Page) => page.evaluate(() => ({ scrollHeight: document.scrollingElement!.scrollHeight, scrollWidth: document.scrollingElement!.scrollWidth, h: innerHeight, w: innerWidth }));

/**
 * Where an element is, whether it is the top element at its centre (nothing covers it), and the grey-level spread of
 * its canvas (a blank or uniform canvas has none).
 */
async function shown(page: Page, selector: string): Promise<{ x: number; y: number; w: number; h: number; onTop: boolean; litFraction: number; spread: number }> {
  return page.evaluate((sel) => {
    const host = document.querySelector<HTMLElement>(sel);
    if (!host) throw new Error(`no element ${sel}`);
    const r = host.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    const canvas = host.querySelector('canvas');
    let litFraction = 0, spread = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const c2 = document.createElement('canvas');
      c2.width = canvas.width;
      c2.height = canvas.height;
      const g = c2.getContext('2d')!;
      g.drawImage(canvas, 0, 0);
      const d = g.getImageData(0, 0, c2.width, c2.height).data;
      let lit = 0, sum = 0, sum2 = 0;
      const n = d.length / 4;
      for (let i = 0; i < n; i++) {
        const v = d[i * 4]!;
        if (v > 30) lit++;
        sum += v;
        sum2 += v * v;
      }
      litFraction = lit / n;
      spread = Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2));
    }
    return { x: r.x, y: r.y, w: r.width, h: r.height, onTop: !!top && host.contains(top), litFraction, spread };
  }, selector);
}

function expectInside(b: { x: number; y: number; w: number; h: number }, what: string): void {
  expect(b.w, `${what} width`).toBeGreaterThan(120);
  expect(b.h, `${what} height`).toBeGreaterThan(120);
  expect(b.x, what).toBeGreaterThanOrEqual(0);
  expect(b.y, what).toBeGreaterThanOrEqual(0);
  expect(b.x + b.w, what).toBeLessThanOrEqual(W + 0.5);
  expect(b.y + b.h, what).toBeLessThanOrEqual(H + 0.5);
}

describe('reading layouts at 1440×900', () => {
  let browser: Browser;
  let page: Page;
  let cas2: StudyIndexEntry;
  const errors: string[] = [];

  beforeAll(async () => {
    cas2 = ensureStudies().find((s) => s.id === 'cas2')!;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl') + '/', { waitUntil: 'load', timeout: 180_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await page.click(`[data-testid="open-${cas2.id}"]`);
    await waitForVolume(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens in "Lecture MPR"; tracing switches to "Analyse vasculaire"', async () => {
    expect(await page.getAttribute('#viewer', 'data-layout')).toBe('mpr');
    expect(await page.getAttribute('[data-testid="layout-mpr"]', 'aria-pressed')).toBe('true');
    await screenshot(page, 'layout-mpr-fr');
    expect(await traceLadFromTruth(page, cas2)).toBe('ready');
    await page.click('[data-testid="trace-vessel"]'); // tracing off
    expect(await page.getAttribute('#viewer', 'data-layout')).toBe('vessel');
    expect(await page.getAttribute('[data-testid="layout-vessel"]', 'aria-pressed')).toBe('true');
  });

  it('the CPR opens fitted to its width; the wheel zooms the CPR and the section; both carry a scale bar in mm', async () => {
    /** mm per screen pixel read from a panel's scale bar (its label in mm over its width in pixels) */
    const barMmPerPx = async (testid: string) => {
      const bar = page.locator(`[data-testid="${testid}"]`);
      await bar.waitFor({ state: 'visible' });
      expect((await bar.textContent())!).toMatch(/^\d+(,\d+)? mm$/); // French: decimal comma
      return Number(await bar.getAttribute('data-mm')) / (await bar.boundingBox())!.width;
    };
    await renderSettled(page);
    const cpr = await shown(page, '[data-testid="cpr-view"]');
    // the CPR image is CPR_COLS × CPR_PIXEL_MM wide: that width fills the panel
    expect(cpr.w * (await barMmPerPx('cpr-scale-bar'))).toBeCloseTo(CPR_COLS * CPR_PIXEL_MM, 0);
    for (const [view, bar] of [['cpr-view', 'cpr-scale-bar'], ['section-view', 'section-scale-bar']] as const) {
      const before = await barMmPerPx(bar);
      const b = await shown(page, `[data-testid="${view}"]`);
      await page.mouse.move(b.x + b.w / 2, b.y + b.h / 2);
      for (let i = 0; i < 3; i++) {
        await page.mouse.wheel(0, -300);
        await renderSettled(page);
      }
      const after = await barMmPerPx(bar);
      expect(Math.abs(after - before) / before, `${view} zoomed by the wheel`).toBeGreaterThan(0.1);
    }
    await screenshot(page, 'layout-vessel-cpr-zoom-fr');
  });

  for (const lang of ['fr', 'en'] as const) {
    it(`vessel layout in ${lang}: MPR, CPR, section, profile and table on one screen, no page scroll`, async () => {
      await page.selectOption('[data-testid="lang"]', lang);
      for (const mpr of ['axial', 'all'] as const) {
        await page.selectOption('[data-testid="layout-mpr-views"]', mpr);
        await renderSettled(page);
        await renderSettled(page);
        const s = await scroll(page);
        expect(s.scrollHeight).toBeLessThanOrEqual(s.h);
        expect(s.scrollWidth).toBeLessThanOrEqual(s.w);
        const views = mpr === 'all' ? ['#view-axial', '#view-coronal', '#view-sagittal'] : ['#view-axial'];
        for (const sel of [...views, '[data-testid="cpr-view"]', '[data-testid="section-view"]']) {
          const b = await shown(page, sel);
          expectInside(b, sel);
          expect(b.onTop, `${sel} uncovered`).toBe(true);
          expect(b.litFraction, `${sel} lit pixels`).toBeGreaterThan(0.05);
          expect(b.spread, `${sel} grey spread`).toBeGreaterThan(12);
        }
        if (mpr === 'axial') for (const sel of ['#view-coronal', '#view-sagittal']) expect((await shown(page, sel)).onTop, `${sel} hidden`).toBe(false);
        for (const sel of ['[data-testid="panel-profile"]', '[data-testid="panel-lesions"]']) expectInside(await shown(page, sel), sel);
        // the lesion table row is inside its panel, and the panel does not overflow sideways
        const table = await page.evaluate(() => {
          const p = document.querySelector<HTMLElement>('[data-testid="panel-lesions"]')!;
          const row = p.querySelector('tbody tr')?.getBoundingClientRect();
          const r = p.getBoundingClientRect();
          return { rowInside: !!row && row.bottom <= r.bottom + 0.5 && row.top >= r.top, overflowX: p.scrollWidth - p.clientWidth };
        });
        expect(table.rowInside).toBe(true);
        expect(table.overflowX).toBeLessThanOrEqual(1);
        await screenshot(page, `layout-vessel-${mpr}-${lang}`);
      }
    });
  }

  it('the report opens as a drawer and closes; the page still does not scroll', async () => {
    await page.click('[data-testid="report-toggle"]');
    await page.waitForSelector('[data-testid="report-panel"]', { state: 'visible' });
    const drawer = await shown(page, '[data-testid="report-panel"]');
    expect(drawer.x + drawer.w).toBeGreaterThan(W - 2);
    expect(drawer.w).toBeLessThan(W / 2);
    expect(drawer.onTop).toBe(true);
    const s = await scroll(page);
    expect(s.scrollHeight).toBeLessThanOrEqual(s.h);
    // the MPR stays readable beside it
    expect((await shown(page, '#view-axial')).onTop).toBe(true);
    // the traced vessel has no name yet: the label leaves it out and is shown greyed, the note as its title
    expect(await page.getAttribute('[data-testid="report-label"]', 'data-partial')).toBe('true');
    expect(await page.getAttribute('[data-testid="report-label"]', 'title')).toMatch(/unnamed vessel|vaisseau\(x\) sans nom/);
    await screenshot(page, 'layout-vessel-report-en');
    await page.click('[data-testid="report-close"]');
    expect(await page.isVisible('[data-testid="report-panel"]')).toBe(false);
    expect(await page.getAttribute('[data-testid="report-toggle"]', 'aria-pressed')).toBe('false');
  });

  it('vignettes per lesion: with answers the MLA is marked on the CPR and the contour drawn on the section, around the lumen; one slide per lesion', async () => {
    // an unnamed vessel gives no vignette (the caption names it)
    await page.click('[data-testid="report-toggle"]');
    expect(await page.locator('[data-testid^="vignette-lesion-"]').count()).toBe(0);
    await page.click('[data-testid="report-close"]');
    await page.selectOption('[data-testid="vessel-name-0"]', 'LAD');
    await page.click('[data-testid="report-toggle"]');
    await page.waitForSelector('[data-testid="vignette-lesion-0"]', { timeout: 60_000 });
    const lesions = await page.locator('[data-testid^="vignette-lesion-"]').count();
    expect(await page.textContent('[data-testid="vignette-lesions"]')).toMatch(/(IVA|LAD) · 6/);
    const zip = async (testid: string) => {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click(`[data-testid="${testid}"]`)]);
      return unzipSync(new Uint8Array(readFileSync((await dl.path())!)));
    };
    // the same pixels in both languages (only the captions differ)
    for (const lang of ['fr', 'en'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      const answers = await zip('vignette-png-answers');
      const questions = await zip('vignette-png');
      for (let i = 1; i <= lesions; i++) {
        const cprA = answers[`lesion-${i}-LAD-cpr-reponses.png`], xsA = answers[`lesion-${i}-LAD-section-reponses.png`];
        const cprQ = questions[`lesion-${i}-LAD-cpr.png`];
        expect(cprA && xsA && cprQ, Object.keys(answers).join(' ')).toBeTruthy();
        for (const [n, png] of [['cpr-reponses', cprA], ['section-reponses', xsA], ['cpr', cprQ], ['axial-reponses', answers[`lesion-${i}-LAD-axial-reponses.png`]]] as const) {
          if (png) writeFileSync(join(screenshotDir, `vignette-lesion-${i}-${n}-${lang}.png`), png);
        }
        const a = await pngStats(page, cprA!), q = await pngStats(page, cprQ!), x = await pngStats(page, xsA!);
        // the MLA line and circle (#ff4de1) on the CPR with answers, none on the question
        expect(a.magenta).toBeGreaterThan(20);
        expect(q.magenta).toBeLessThan(5);
        // contrast lumen (grey ≥ 150 at W 800 / L 200) within 20 px of the marked row, around the CPR's centre column
        expect(a.lumenNearMarker).toBeGreaterThan(20);
        expect(q.lumenCentre).toBeGreaterThan(20);
        // the lumen contour (#40ff80) on the section with answers
        expect(x.green).toBeGreaterThan(40);
      }
      const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="vignette-pdf"]')]);
      const info = execFileSync('pdfinfo', [(await pdf.path())!], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(lesions);
    }
    // the lesion list follows the language
    await page.selectOption('[data-testid="lang"]', 'fr');
    await page.waitForFunction(() => /IVA · 6/.test(document.querySelector('[data-testid="vignette-lesions"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.textContent('[data-testid="vignette-lesions"]')).not.toMatch(/LAD|Lesions/);
    await page.selectOption('[data-testid="lang"]', 'en');
    await page.waitForFunction(() => /^Lesions LAD · 6/.test(document.querySelector('[data-testid="vignette-lesions"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.click('[data-testid="report-close"]');
  });

  it('a double-click maximises a view, a second one brings the layout back', async () => {
    await page.waitForTimeout(500);
    const before = await shown(page, '[data-testid="cpr-view"]');
    await page.dblclick('[data-testid="cpr-view"]');
    await renderSettled(page);
    const max = await shown(page, '[data-testid="cpr-view"]');
    expect(max.w).toBeGreaterThan(W * 0.9);
    expect(max.onTop).toBe(true);
    expect(max.litFraction).toBeGreaterThan(0.05);
    await screenshot(page, 'layout-vessel-cpr-maximised-en');
    await page.waitForTimeout(500);
    await page.dblclick('[data-testid="cpr-view"]');
    await renderSettled(page);
    const back = await shown(page, '[data-testid="cpr-view"]');
    expect(Math.abs(back.w - before.w)).toBeLessThan(1);
    expect(Math.abs(back.h - before.h)).toBeLessThan(1);
    // an MPR view too, and Esc brings it back
    await page.waitForTimeout(500);
    await page.dblclick('#view-axial');
    expect((await shown(page, '#view-axial')).w).toBeGreaterThan(W * 0.9);
    await page.keyboard.press('Escape');
    await renderSettled(page);
    expect((await shown(page, '#view-axial')).w).toBeLessThan(W * 0.5);
  });

  it('the layout and the MPR choice come back after a reload; "Lecture MPR" is the grid with the 3D cell', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await page.click(`[data-testid="open-${cas2.id}"]`);
    await page.waitForSelector('#viewer[data-layout]', { timeout: 60_000 });
    expect(await page.getAttribute('#viewer', 'data-layout')).toBe('vessel');
    expect(await page.getAttribute('#viewer', 'data-mpr')).toBe('all');
    expect(await page.inputValue('[data-testid="layout-mpr-views"]')).toBe('all');
    expect(await page.textContent('[data-testid="layout-vessel"]')).toBe('Vessel analysis');
    await page.click('[data-testid="layout-mpr"]');
    await waitForVolume(page);
    const cell3d = await shown(page, '#view-3d');
    expect(cell3d.onTop).toBe(true);
    expect(await page.isVisible('[data-testid="layout-mpr-views"]')).toBe(false);
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
  });
});
