// Bad input: broken and non-image files are skipped and listed with a reason (FR/EN), the rest opens;
// a selection holding several series lets the user choose.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, screenshot, waitForVolume } from './browser.ts';
import { ensureStudies, studiesRoot } from '../helpers/studies.ts';

const corpus = '/work/shared/dicom-corpus';
const BROKEN = ['empty.dcm', 'not-dicom-jpeg.dcm', 'CTImage_truncated_in_header.dcm', 'test1.json', 'DICM_only.dcm'];
const ctaDir = join(corpus, 'cta', 'totalseg-aorta-cta');
const ctaFiles = readdirSync(ctaDir).filter((f) => f.endsWith('.dcm')).map((f) => join(ctaDir, f));

async function problemItems(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="problem"]', (els) => els.map((e) => e.textContent ?? ''));
}

describe('bad input and several series', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    ({ page } = await openApp(browser, inject('baseUrl')));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('skips broken files with a reason in the problems panel and opens the rest', async () => {
    const broken = BROKEN.map((f) => join(corpus, 'broken', f));
    const nonImage = ['test-SR.dcm', 'rtplan.dcm'].map((f) => join(corpus, 'non-image', f));
    await page.setInputFiles('#in-files', [...broken, ...nonImage, ...ctaFiles]);
    await waitForVolume(page);
    const state = await page.evaluate(() => (window as any).__coro.state());
    expect(state.framesTotal).toBe(ctaFiles.length);
    expect(await page.isVisible('[data-testid="problems"]')).toBe(true);
    const itemsFr = await problemItems(page);
    for (const f of [...BROKEN, ...nonImage.map((p) => p.split('/').pop()!)]) {
      const item = itemsFr.find((t) => t.includes(f));
      expect(item, `${f} listed`).toBeDefined();
      expect(item!.replace(f, '').replace(/[\s—-]/g, '').length, `${f} has a reason`).toBeGreaterThan(8);
    }
    await screenshot(page, 'problems-fr');
    await page.selectOption('[data-testid="lang"]', 'en');
    const itemsEn = await problemItems(page);
    expect(itemsEn.length).toBe(itemsFr.length);
    expect(itemsEn.filter((t, i) => t !== itemsFr[i]).length).toBeGreaterThan(0);
    expect(await page.textContent('#problems-title')).toMatch(/Skipped files \(\d+\)/);
    await screenshot(page, 'problems-en');
    await page.selectOption('[data-testid="lang"]', 'fr');
  });

  it('lets the user choose among several series', async () => {
    await page.click('#home');
    const headDir = join(corpus, 'ct-series', 'philips-ingenuity-head-axial');
    const head = readdirSync(headDir).map((f) => join(headDir, f));
    await page.setInputFiles('#in-files', [...head, ...ctaFiles]);
    await page.waitForSelector('[data-testid="series-chooser"]:not([hidden])');
    const buttons = await page.$$eval('#series-list button', (els) => els.map((e) => e.textContent ?? ''));
    expect(buttons.length).toBe(2);
    expect(buttons.some((b) => b.includes(`${ctaFiles.length} images`))).toBe(true);
    expect(buttons.some((b) => b.includes(`${head.length} images`))).toBe(true);
    await screenshot(page, 'series-chooser');
    const headIndex = buttons.findIndex((b) => b.includes(`${head.length} images`));
    await page.click(`[data-testid="series-${headIndex}"]`);
    await waitForVolume(page);
    const state = await page.evaluate(() => (window as any).__coro.state());
    expect(state.framesTotal).toBe(head.length);
    await screenshot(page, 'series-head');
  });

  it('opens a study from its .zip (DICOMDIR inside, not listed as a problem)', async () => {
    const study = ensureStudies().find((x) => x.id === 'cas1')!;
    await page.click('#home');
    await page.setInputFiles('#in-zip', join(studiesRoot, study.zip));
    await waitForVolume(page, 300_000);
    const state = await page.evaluate(() => (window as any).__coro.state());
    expect(state.framesTotal).toBe(study.imageCount);
    expect(await page.isVisible('[data-testid="problems"]')).toBe(false);
  });
});
