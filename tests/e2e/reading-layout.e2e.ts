// Reading layouts at 1440×900 on Cas 2 (LAD traced from truth seeds): tracing opens "Analyse vasculaire", where the
// MPR, CPR, cross-section, profile and lesion table share one screen with no page scroll, in French and English,
// with one or three MPR views; the report opens as a drawer; a double-click maximises a view and a second one
// brings the layout back; the layout and the MPR choice come back after a reload.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, renderSettled, screenshot, waitForVolume } from './browser.ts';
import { traceLadFromTruth } from './truth-points.ts';
import { CPR_COLS, CPR_PIXEL_MM } from '../../src/viewer/vessel/panel-jobs.ts';

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
    await screenshot(page, 'layout-vessel-report-en');
    await page.click('[data-testid="report-close"]');
    expect(await page.isVisible('[data-testid="report-panel"]')).toBe(false);
    expect(await page.getAttribute('[data-testid="report-toggle"]', 'aria-pressed')).toBe('false');
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
