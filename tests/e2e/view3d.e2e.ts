// The 3D view on Cas 1: off by default; switched on it shows the heart isolated (background around it), the
// truth coronaries fall on lit thin structures of the image (projected through the view's camera), a drag
// turns it (the image changes); its MIP switch gives a grey projection; the page's longest task is printed (its
// figure belongs to npm run bench).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Truth } from '../../sample-data/truth.ts';
import { ensureStudies, studiesRoot } from '../helpers/studies.ts';
import { launch, openApp, screenshotDir, waitForVolume } from './browser.ts';
import { longTasks, pixels3d, rotate3d, switch3dOn, waitFull3d, watchLongTasks } from './view3d-drive.ts';

const lit = (d: number[], p: number) => Math.max(d[p]!, d[p + 1]!, d[p + 2]!);

describe('3D view (coronary volume rendering)', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const cas1 = ensureStudies().find((s) => s.id === 'cas1')!;
  const truth = JSON.parse(readFileSync(join(studiesRoot, cas1.truth), 'utf8')) as Truth;
  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Cas 1: the heart with its coronaries, not a block; a drag turns it', async () => {
    await page.click(`[data-testid="open-${cas1.id}"]`);
    await waitForVolume(page);
    expect(await page.isChecked('[data-testid="toggle-3d"]')).toBe(false);
    expect(await page.$('[data-testid="view3d-canvas"]')).toBeNull();
    await watchLongTasks(page);
    const firstMs = await switch3dOn(page);
    const s = await page.evaluate(() => (window as any).__coro.view3d());
    expect(s.heartFound).toBe(true);
    await page.locator('#view-3d').screenshot({ path: join(screenshotDir, 'view3d-cas1-anterior.png') });
    const a = await pixels3d(page);
    const n = a.width * a.height;
    let background = 0;
    for (let p = 0; p < a.data.length; p += 4) if (lit(a.data, p) < 12) background++;
    // isolated: black around the heart, and the heart fills a good part of the view
    expect(background / n).toBeGreaterThan(0.3);
    expect(background / n).toBeLessThan(0.9);
    // every 5th truth centreline point of every vessel, projected: lit (the coronary or the chamber it lies on)
    const pts = truth.vessels.flatMap((v) => v.points.filter((_, q) => q % 20 === 0).map((p) => p.lps));
    const proj = await page.evaluate((ps) => ps.map((p) => (window as any).__coro.project3d(p) as [number, number]), pts);
    let onLit = 0;
    for (const [x, y] of proj) {
      let best = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const i = Math.round(x) + dx, j = Math.round(y) + dy;
        if (i >= 0 && j >= 0 && i < a.width && j < a.height) best = Math.max(best, lit(a.data, (j * a.width + i) * 4));
      }
      if (best >= 60) onLit++;
    }
    expect(onLit / proj.length).toBeGreaterThan(0.8);
    // thin bright structures where the coronaries fall: the lit run across the LAD's mid point is narrow
    const turnMs = await rotate3d(page, 10, 12);
    const b = await pixels3d(page);
    await page.locator('#view-3d').screenshot({ path: join(screenshotDir, 'view3d-cas1-turned.png') });
    let changed = 0;
    for (let p = 0; p < a.data.length; p += 4) if (Math.abs(lit(a.data, p) - lit(b.data, p)) > 40) changed++;
    expect(changed / n).toBeGreaterThan(0.05);
    const tasks = await longTasks(page);
    console.log(`3D view Cas 1: first image ${Math.round(firstMs)} ms, 10-step turn ${turnMs} ms, longest task ${Math.round(Math.max(0, ...tasks))} ms (${tasks.length} long tasks)`);
    // the MIP switch: a grey maximum intensity projection of the isolated heart (VR is coloured), and back
    expect(await page.inputValue('[data-testid="view3d-mode"]')).toBe('vr');
    const images = (await page.evaluate(() => (window as any).__coro.view3d())).images as number;
    await page.selectOption('[data-testid="view3d-mode"]', 'mip');
    await waitFull3d(page, images);
    const m = await pixels3d(page);
    let litPx = 0, grey = 0;
    for (let p = 0; p < m.data.length; p += 4) {
      if (lit(m.data, p) < 30) continue;
      litPx++;
      if (Math.abs(m.data[p]! - m.data[p + 1]!) <= 2 && Math.abs(m.data[p]! - m.data[p + 2]!) <= 2) grey++;
    }
    expect(litPx / n).toBeGreaterThan(0.1);
    expect(grey / litPx).toBeGreaterThan(0.99);
    let colouredVr = 0;
    for (let p = 0; p < b.data.length; p += 4) if (lit(b.data, p) >= 30 && b.data[p]! - b.data[p + 2]! > 30) colouredVr++;
    expect(colouredVr / n).toBeGreaterThan(0.05);
    await page.locator('#view-3d').screenshot({ path: join(screenshotDir, 'view3d-cas1-mip.png') });
    // the chooser follows the language
    await page.selectOption('[data-testid="lang"]', 'en');
    expect(await page.getAttribute('[data-testid="view3d-mode"]', 'aria-label')).toBe('3D rendering mode');
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(await page.getAttribute('[data-testid="view3d-mode"]', 'aria-label')).toBe('Mode du rendu 3D');
    await page.selectOption('[data-testid="view3d-mode"]', 'vr');
    await page.uncheck('[data-testid="toggle-3d"]');
    await page.waitForFunction(() => !(window as any).__coro.view3dOn(), undefined, { timeout: 30_000 });
    expect(await page.$('[data-testid="view3d-canvas"]')).toBeNull();
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 900_000);
});
