// The corpus's real CTA series (164 slices) opens as a volume through "Ouvrir des fichiers".
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshot, waitForVolume } from './browser.ts';

const ctaDir = '/work/shared/dicom-corpus/cta/totalseg-aorta-cta';

describe('real CTA series from the corpus', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens 164 slices as a volume with three MPR views', async () => {
    const { page, errors } = await openApp(browser, inject('baseUrl'));
    const files = readdirSync(ctaDir).filter((f) => f.endsWith('.dcm')).map((f) => join(ctaDir, f));
    await page.setInputFiles('#in-files', files);
    await waitForVolume(page);
    const state = await page.evaluate(() => (window as any).__coro.state());
    expect(state.framesTotal).toBe(files.length);
    expect(state.framesLoaded).toBe(files.length);
    await screenshot(page, 'corpus-cta');
    const bottomLeft = await page.textContent('[data-testid="axial-bottom-left"]');
    expect(bottomLeft).toMatch(/Coupe \d+\/164/);
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
