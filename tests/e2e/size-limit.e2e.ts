// A series too large for the device's memory is refused before decoding, with the figure and the limit, and opens
// with one slice in `step` on request — never a crashed tab. The device is made small (navigator.deviceMemory =
// 0.25 GB, a value Chromium reports on low-end phones) so that Cas 1 (281 slices of 512²) does not fit:
// 512·512·281·8 B + its files ≈ 700 MB against a 128 MB budget (src/volume/memory-budget.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, waitForVolume } from './browser.ts';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStudies, studiesRoot } from '../helpers/studies.ts';

describe('series larger than the memory budget', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    ensureStudies();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25, configurable: true }));
    page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(inject('baseUrl') + '/', { timeout: 180_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses Cas 1 with the figure and the limit, then opens one slice in step on request', async () => {
    await page.click('[data-testid="open-cas1"]');
    const box = page.locator('[data-testid="error"]');
    await box.waitFor({ state: 'visible', timeout: 120_000 });
    const text = (await box.textContent()) ?? '';
    expect(text).toMatch(/Série trop volumineuse/);
    expect(text).toMatch(/281 coupes de 512 × 512/);
    const [needMb, limitMb] = [...text.matchAll(/(\d+) Mo/g)].map((m) => Number(m[1]));
    expect(limitMb).toBe(128);
    expect(needMb).toBeGreaterThan(512 * 512 * 281 * 8 / 1024 ** 2);
    expect(text).toMatch(/0\.25 Go/);
    // nothing decoded: no volume was created
    expect(await page.evaluate(() => (window as any).__coro.volumeCount())).toBe(0);
    await screenshot(page, 'size-limit-refused');
    const button = page.locator('[data-testid="open-decimated"]');
    const label = (await button.textContent()) ?? '';
    const step = Number(/1 coupe sur (\d+)/.exec(label)?.[1]);
    const kept = Math.ceil(281 / step);
    expect(step).toBeGreaterThan(1);
    expect(label).toContain(`${kept} coupes`);
    await button.click();
    await waitForVolume(page);
    const state = await page.evaluate(() => (window as any).__coro.state());
    expect(state.framesTotal).toBe(kept);
    expect(await page.isVisible('[data-testid="error"]')).toBe(false);
    const problems = await page.locator('[data-testid="problem"]').allTextContents();
    expect(problems.some((p) => p.includes(`Volume allégé : 1 coupe sur ${step}`))).toBe(true);
    await screenshot(page, 'size-limit-decimated');
    expect(errors).toEqual([]);
  });

  it('refuses local files whose total size passes the budget before reading them (FR, then EN)', async () => {
    await page.click('#home');
    const dir = join(studiesRoot, 'cas1', 'DICOM', 'PAT00001', 'ST000001', 'SE000001');
    const files = readdirSync(dir).map((f) => join(dir, f));
    const totalMb = Math.ceil(files.reduce((n, f) => n + statSync(f).size, 0) / 1024 ** 2);
    expect(totalMb).toBeGreaterThan(128);
    await page.setInputFiles('#in-files', files);
    const box = page.locator('[data-testid="error"]');
    await box.waitFor({ state: 'visible' });
    expect(await box.textContent()).toContain(`Fichiers trop volumineux pour la mémoire de cet appareil : ${files.length} fichiers, ${totalMb} Mo, la limite est de 128 Mo`);
    expect(await page.evaluate(() => (window as any).__coro.volumeCount())).toBe(0);
    await page.selectOption('[data-testid="lang"]', 'en');
    await page.setInputFiles('#in-files', files);
    await page.waitForFunction(() => /Files too large/.test(document.querySelector('[data-testid="error"]')?.textContent ?? ''));
    expect(await box.textContent()).toContain(`${files.length} files, ${totalMb} MB, the limit is 128 MB (half of the 0.25 GB of memory the browser reports)`);
    await page.selectOption('[data-testid="lang"]', 'fr');
  });
});
