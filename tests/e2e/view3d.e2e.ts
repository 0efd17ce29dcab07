// The 3D volume rendering is off by default and draws the volume when switched on (software GL: one case, small view).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { canvasPixels, launch, openApp, screenshot, waitForVolume } from './browser.ts';

const ctaDir = '/work/shared/dicom-corpus/cta/totalseg-aorta-cta';

describe('3D volume rendering', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is off by default and renders the volume when toggled on', async () => {
    const { page } = await openApp(browser, inject('baseUrl'));
    await page.setInputFiles('#in-files', readdirSync(ctaDir).filter((f) => f.endsWith('.dcm')).map((f) => join(ctaDir, f)));
    await waitForVolume(page);
    expect(await page.isChecked('[data-testid="toggle-3d"]')).toBe(false);
    expect(await page.$('#view-3d canvas')).toBeNull();
    expect(await page.evaluate(() => (window as any).__coro.view3dOn())).toBe(false);
    await page.check('[data-testid="toggle-3d"]');
    await page.waitForSelector('#view-3d canvas', { timeout: 60_000 });
    let lit = 0;
    for (let i = 0; i < 60 && lit < 0.02; i++) {
      await page.waitForTimeout(1000);
      const px = await canvasPixels(page, '3d');
      lit = px.data.filter((v) => v > 40).length / px.data.length;
    }
    await screenshot(page, 'view3d-on');
    expect(lit).toBeGreaterThan(0.02);
    await page.uncheck('[data-testid="toggle-3d"]');
    await page.waitForFunction(() => !(window as any).__coro.view3dOn(), undefined, { timeout: 30_000 });
  });
});
