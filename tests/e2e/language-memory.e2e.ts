// The language choice survives a reload, and the French overlays write decimals with a comma (Cas 1, 1440×900).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureStudies } from '../helpers/studies.ts';
import { launch, screenshot, waitForVolume } from './browser.ts';

describe('language memory and French decimals', () => {
  let browser: Browser;
  beforeAll(async () => {
    ensureStudies();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps English after a reload; the slice position reads 8.0 in English and 8,0 in French', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const ready = async () => {
      await page.goto(inject('baseUrl') + '/', { waitUntil: 'load', timeout: 180_000 });
      await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    };
    await ready();
    expect(await page.textContent('label:has(#in-folder) span')).toBe('Ouvrir un dossier');
    await page.selectOption('[data-testid="lang"]', 'en');
    await ready();
    expect(await page.inputValue('[data-testid="lang"]')).toBe('en');
    expect(await page.textContent('label:has(#in-folder) span')).toBe('Open a folder');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('[data-testid="open-cas1"]');
    await waitForVolume(page);
    const slice = () => page.textContent('[data-testid="axial-bottom-left"]');
    expect(await slice()).toMatch(/^Slice \d+\/\d+ · z = -?\d+\.\d mm$/);
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(await slice()).toMatch(/^Coupe \d+\/\d+ · z = -?\d+,\d mm$/);
    await screenshot(page, 'language-fr-decimal-comma');
    await ready();
    expect(await page.inputValue('[data-testid="lang"]')).toBe('fr');
    expect(errors).toEqual([]);
  });
});
