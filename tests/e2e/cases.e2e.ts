// Opens each training case from the start page, reads HU at truth centreline points through the
// crosshair readout and the cursor overlay, and checks W/L presets, typed W/L, MIP slab and FR/EN.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { canvasPixels, launch, openApp, renderSettled, screenshot, waitForVolume, windowMean } from './browser.ts';
import { healthyLumenPoints, readTruth, type Lps } from './truth-points.ts';
import { expectViewerVoxelsMatchIngest } from './voxels.ts';

const LUMEN_HU = { min: 200, max: 700 };

type Hook = {
  state(): { framesTotal: number; framesLoaded: number; fullVolumeMs?: number; firstImageMs?: number };
  worldToClient(view: string, lps: Lps): [number, number] | undefined;
  crosshair(): Lps | undefined;
};
const hook = (page: Page) => ({
  state: () => page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.state()),
  toClient: (view: string, lps: Lps) => page.evaluate(([v, p]) => (window as unknown as { __coro: Hook }).__coro.worldToClient(v as string, p as Lps), [view, lps] as const),
  crosshair: () => page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.crosshair()),
});

async function openCase(page: Page, study: StudyIndexEntry): Promise<void> {
  if (await page.isVisible('#home')) await page.click('#home');
  await page.click(`[data-testid="open-${study.id}"]`);
  await waitForVolume(page);
}

/** Types the point in "Aller à", then reads the crosshair readout's HU. */
async function crosshairHu(page: Page, lps: Lps): Promise<number> {
  await page.fill('[data-testid="goto"]', lps.map((v) => v.toFixed(3)).join(', '));
  await page.press('[data-testid="goto"]', 'Enter');
  // French writes "63,9 ; -16,7 ; -21,6", English "63.9, -16.7, -21.6"
  const fr = (await page.getAttribute('html', 'lang')) === 'fr';
  const expected = lps.map((v) => (fr ? v.toFixed(1).replace('.', ',') : v.toFixed(1))).join(fr ? ' ; ' : ', ');
  await page.waitForFunction((t) => document.querySelector('[data-testid="crosshair-readout"]')?.textContent?.includes(t), expected, { timeout: 30_000 });
  const text = (await page.textContent('[data-testid="crosshair-readout"]')) ?? '';
  const m = /·\s*(-?\d+)\s*(UH|HU)/.exec(text);
  if (!m) throw new Error(`no HU in crosshair readout: "${text}"`);
  return Number(m[1]);
}

describe('training cases', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let studies: StudyIndexEntry[];
  let current: StudyIndexEntry | undefined;

  beforeAll(async () => {
    studies = ensureStudies();
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the three studies on the start page', async () => {
    const text = (await page.textContent('[data-testid="studies"]')) ?? '';
    for (const s of studies) {
      expect(text).toContain(s.name);
      expect(text).toContain(`${s.imageCount} images`);
    }
  });

  for (const id of ['cas1', 'cas2', 'cas3']) {
    it(`${id}: opens in one click; crosshair on truth centreline points reads lumen HU`, async () => {
      const study = studies.find((s) => s.id === id)!;
      await openCase(page, study);
      current = study;
      const st = await hook(page).state();
      expect(st.framesTotal).toBe(study.imageCount);
      expect(st.framesLoaded).toBe(study.imageCount);
      expect(st.firstImageMs!).toBeLessThanOrEqual(st.fullVolumeMs!);
      await expectViewerVoxelsMatchIngest(page, study);
      const points = healthyLumenPoints(readTruth(study));
      expect(points.length).toBeGreaterThanOrEqual(2);
      for (const p of points) {
        const hu = await crosshairHu(page, p.lps);
        expect(hu, `${id} ${p.vessel} at ${p.lps.join(',')}`).toBeGreaterThanOrEqual(LUMEN_HU.min);
        expect(hu, `${id} ${p.vessel} at ${p.lps.join(',')}`).toBeLessThanOrEqual(LUMEN_HU.max);
      }
      // The cursor overlay reads the same lumen: move the mouse onto the last point in the axial view.
      const last = points[points.length - 1]!;
      const xy = await hook(page).toClient('axial', last.lps);
      expect(xy).toBeDefined();
      await page.mouse.move(xy![0], xy![1]);
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="axial-hu"]')?.textContent ?? ''));
      const cursorHu = Number(/(-?\d+)/.exec((await page.textContent('[data-testid="axial-hu"]')) ?? '')![1]);
      expect(cursorHu).toBeGreaterThanOrEqual(LUMEN_HU.min);
      expect(cursorHu).toBeLessThanOrEqual(LUMEN_HU.max);
      await renderSettled(page);
      await screenshot(page, `${id}-${last.vessel}`);
    });
  }

  it('W/L preset and typed W/L change the overlay; MIP 10 mm brightens the vessel', async () => {
    let study = current;
    if (!study || !(await hook(page).state()).fullVolumeMs) {
      study = studies.find((s) => s.id === 'cas1')!;
      await openCase(page, study);
    }
    const wl = () => page.textContent('[data-testid="axial-bottom-right"]');
    expect(await wl()).toBe('F 800 / N 200');
    await page.click('[data-testid="preset-calcium"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="axial-bottom-right"]')?.textContent === 'F 1500 / N 300');
    expect(await page.textContent('[data-testid="coronal-bottom-right"]')).toBe('F 1500 / N 300');
    await page.fill('[data-testid="wl-width"]', '500');
    await page.fill('[data-testid="wl-level"]', '120');
    await page.click('[data-testid="wl-apply"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="axial-bottom-right"]')?.textContent === 'F 500 / N 120');
    await page.click('[data-testid="preset-cta"]');

    const p = healthyLumenPoints(readTruth(study), ['LAD'])[0]!;
    await crosshairHu(page, p.lps);
    await renderSettled(page);
    const xy = await hook(page).toClient('axial', p.lps);
    const box = (await page.locator('#view-axial').boundingBox())!;
    const before = await canvasPixels(page, 'axial');
    await page.locator('[data-testid="slab-mm"]').fill('10');
    await page.selectOption('[data-testid="slab-mode"]', 'mip');
    await page.waitForFunction(() => /MIP 10 mm/.test(document.querySelector('[data-testid="axial-top-right"]')?.textContent ?? ''));
    await renderSettled(page);
    const after = await canvasPixels(page, 'axial');
    await screenshot(page, `${study.id}-mip10`);
    let changed = 0;
    let sumBefore = 0;
    let sumAfter = 0;
    for (let i = 0; i < before.data.length; i++) {
      if (Math.abs(before.data[i]! - after.data[i]!) > 8) changed++;
      sumBefore += before.data[i]!;
      sumAfter += after.data[i]!;
    }
    expect(changed / before.data.length).toBeGreaterThan(0.01);
    expect(sumAfter).toBeGreaterThan(sumBefore);
    const cx = xy![0] - box.x;
    const cy = xy![1] - box.y;
    // Around the vessel, the MIP (max over ±5 mm) is at least as bright as the thin slice.
    expect(windowMean(after, cx, cy, 6)).toBeGreaterThan(windowMean(before, cx, cy, 6));
    await page.locator('[data-testid="slab-mm"]').fill('0');
  });

  it('scrolls the axial view with the keyboard (arrows and PageUp/PageDown)', async () => {
    const sliceIndex = async () => Number(/(\d+)\//.exec((await page.textContent('[data-testid="axial-bottom-left"]')) ?? '')![1]);
    const box = (await page.locator('#view-axial').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const start = await sliceIndex();
    await page.keyboard.press('PageDown');
    await page.waitForFunction((s) => !document.querySelector('[data-testid="axial-bottom-left"]')?.textContent?.startsWith(`Coupe ${s}/`), start);
    const afterPage = await sliceIndex();
    // PageDown = 10 slices (±1 when the crosshair sat between two slices).
    expect(Math.abs(afterPage - start)).toBeGreaterThanOrEqual(9);
    expect(Math.abs(afterPage - start)).toBeLessThanOrEqual(11);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((s) => !document.querySelector('[data-testid="axial-bottom-left"]')?.textContent?.startsWith(`Coupe ${s}/`), afterPage);
    expect(Math.abs((await sliceIndex()) - afterPage)).toBeGreaterThanOrEqual(1);
    expect(Math.abs((await sliceIndex()) - afterPage)).toBeLessThanOrEqual(2);
  });

  it('switches language: labels, overlays and orientation letters', async () => {
    expect(await page.textContent('[data-testid="axial-right"]')).toBe('G');
    await page.selectOption('[data-testid="lang"]', 'en');
    await page.waitForFunction(() => document.querySelector('[data-testid="tool-crosshairs"]')?.textContent === 'Crosshairs');
    expect(await page.textContent('[data-testid="axial-bottom-right"]')).toBe('W 800 / L 200');
    expect(await page.textContent('[data-testid="axial-right"]')).toBe('L');
    expect(await page.textContent('[data-testid="axial-left"]')).toBe('R');
    expect(await page.textContent('[data-testid="preset-soft"]')).toBe('Soft tissue 400/40');
    expect(await page.textContent('[data-testid="progress-text"]')).toMatch(/^Volume loaded: \d+ images$/);
    expect(await page.textContent('[data-testid="crosshair-readout"]')).toMatch(/^Crosshairs: .* HU$/);
    await screenshot(page, 'english');
    await page.click('#home');
    expect(await page.textContent('label:has(#in-folder) span')).toBe('Open a folder');
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(await page.textContent('label:has(#in-folder) span')).toBe('Ouvrir un dossier');
    expect(errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
  });
});
