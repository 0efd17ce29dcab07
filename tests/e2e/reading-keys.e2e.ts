// Mouse and keys of the MPR reading as in OHIF/Horos/RadiAnt, at 1440×900 on Cas 1: left-drag W/L, Shift + left-drag
// crosshairs, right-drag zoom, middle-drag pan, wheel scroll, R reset, 1–3 presets, a scale bar in mm on each view that
// matches the view's own world-to-screen mapping, and the "?" keyboard/mouse map in French and English.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies } from '../helpers/studies.ts';
import { launch, renderSettled, screenshot, waitForVolume } from './browser.ts';

type Lps = [number, number, number];
type ViewCam = { parallelScale: number; focalPoint: Lps; widthHu: number; levelHu: number };
type Hook = { view(v: string): ViewCam | undefined; crosshair(): Lps | undefined; worldToClient(v: string, p: Lps): [number, number] | undefined };
const view = (page: Page, v = 'axial') => page.evaluate((id) => (window as unknown as { __coro: Hook }).__coro.view(id)!, v);
const crosshair = (page: Page) => page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.crosshair()!);
const dist = (a: Lps, b: Lps) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

async function drag(page: Page, from: [number, number], to: [number, number], button: 'left' | 'right' | 'middle', shift = false): Promise<void> {
  await page.mouse.move(from[0], from[1]);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.down({ button });
  await page.mouse.move(to[0], to[1], { steps: 8 });
  await page.mouse.up({ button });
  if (shift) await page.keyboard.up('Shift');
  await renderSettled(page);
}

describe('reading mouse and keys (MPR)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let centre: [number, number];

  beforeAll(async () => {
    const cas1 = ensureStudies().find((s) => s.id === 'cas1')!;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl') + '/', { waitUntil: 'load', timeout: 180_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await page.click(`[data-testid="open-${cas1.id}"]`);
    await waitForVolume(page);
    const box = (await page.locator('#view-axial').boundingBox())!;
    centre = [box.x + box.width / 2, box.y + box.height / 2];
    // past Cornerstone's double-click window before the first drag
    await page.waitForTimeout(500);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('left-drag changes window/level in every view and leaves the crosshairs; Shift + left-drag moves them', async () => {
    expect(await page.getAttribute('[data-testid="tool-windowLevel"]', 'aria-pressed')).toBe('true');
    const before = await view(page);
    const ch0 = await crosshair(page);
    expect(before.widthHu).toBeCloseTo(800, 6);
    await drag(page, centre, [centre[0] + 60, centre[1] + 40], 'left');
    const after = await view(page);
    expect(Math.abs(after.widthHu - before.widthHu) + Math.abs(after.levelHu - before.levelHu)).toBeGreaterThan(20);
    expect((await view(page, 'coronal')).widthHu).toBeCloseTo(after.widthHu, 6);
    expect(dist(await crosshair(page), ch0)).toBeLessThan(0.01);
    await page.waitForTimeout(500);
    await drag(page, [centre[0] + 30, centre[1] + 30], [centre[0] + 90, centre[1] + 70], 'left', true);
    expect(dist(await crosshair(page), ch0)).toBeGreaterThan(5);
    expect((await view(page)).widthHu).toBeCloseTo(after.widthHu, 6);
  });

  it('keys 1–3 apply CTA, calcium and soft-tissue windows; right-drag zooms, middle-drag pans, wheel scrolls; R resets', async () => {
    await page.mouse.move(centre[0], centre[1]);
    for (const [key, w, l] of [['2', 1500, 300], ['3', 400, 40], ['1', 800, 200]] as const) {
      await page.keyboard.press(key);
      const v = await view(page, 'sagittal');
      expect([v.widthHu, v.levelHu]).toEqual([w, l]);
    }
    const fitted = await view(page);
    await page.waitForTimeout(500);
    await drag(page, centre, [centre[0], centre[1] - 120], 'right');
    const zoomed = await view(page);
    expect(Math.abs(zoomed.parallelScale - fitted.parallelScale) / fitted.parallelScale).toBeGreaterThan(0.1);
    await page.waitForTimeout(500);
    await drag(page, centre, [centre[0] + 100, centre[1]], 'middle');
    const panned = await view(page);
    // axial focal point moves in the axial plane (x, y), not along z
    expect(Math.hypot(panned.focalPoint[0] - zoomed.focalPoint[0], panned.focalPoint[1] - zoomed.focalPoint[1])).toBeGreaterThan(5);
    expect(Math.abs(panned.focalPoint[2] - zoomed.focalPoint[2])).toBeLessThan(0.01);
    await page.mouse.move(centre[0], centre[1]);
    await page.mouse.wheel(0, 300);
    await renderSettled(page);
    const scrolled = await view(page);
    expect(Math.abs(scrolled.focalPoint[2] - panned.focalPoint[2])).toBeGreaterThan(0.4);
    await page.keyboard.press('3');
    await page.keyboard.press('r');
    await renderSettled(page);
    const reset = await view(page);
    expect(reset.parallelScale).toBeCloseTo(fitted.parallelScale, 3);
    expect([reset.widthHu, reset.levelHu]).toEqual([800, 200]);
  });

  it('shows a scale bar in mm on each MPR view that matches the view (French decimal comma)', async () => {
    await page.waitForTimeout(500);
    await drag(page, centre, [centre[0], centre[1] + 80], 'right'); // zoomed in: a shorter bar
    for (const v of ['axial', 'coronal', 'sagittal']) {
      const bar = page.locator(`[data-testid="${v}-scale-bar"]`);
      expect(await bar.isVisible()).toBe(true);
      const mm = Number(await bar.getAttribute('data-mm'));
      const text = (await bar.textContent())!;
      expect(text).toBe(`${String(mm).replace('.', ',')} mm`);
      const widthPx = (await bar.boundingBox())!.width;
      // the same length measured with the view's world→client mapping of two points mm apart along the screen x axis
      const pxPerMm = await page.evaluate((id) => {
        const h = (window as unknown as { __coro: Hook }).__coro;
        const el = document.querySelector(`#view-${id}`)!.getBoundingClientRect();
        const c = h.crosshair()!;
        const a = h.worldToClient(id, c)!;
        // step 10 mm along each axis; the in-plane one that moves horizontally gives px per mm
        let best = 0;
        for (const axis of [0, 1, 2]) {
          const p: Lps = [c[0] + (axis === 0 ? 10 : 0), c[1] + (axis === 1 ? 10 : 0), c[2] + (axis === 2 ? 10 : 0)];
          const b = h.worldToClient(id, p);
          if (b && Math.abs(b[1] - a[1]) < 0.5) best = Math.max(best, Math.abs(b[0] - a[0]) / 10);
        }
        return { best, width: el.width };
      }, v);
      expect(pxPerMm.best).toBeGreaterThan(0);
      expect(Math.abs(widthPx - mm * pxPerMm.best)).toBeLessThan(2.5);
      expect(widthPx).toBeLessThanOrEqual(pxPerMm.width / 4 + 2.5);
    }
    await screenshot(page, 'reading-keys-scale-bar-fr');
  });

  it('? shows the keyboard/mouse map in French then English; Esc closes it', async () => {
    const map = page.locator('[data-testid="reading-map"]');
    expect(await map.isVisible()).toBe(false);
    await page.mouse.move(centre[0], centre[1]);
    await page.keyboard.press('?');
    await map.waitFor({ state: 'visible' });
    const fr = (await map.textContent())!;
    expect(fr).toContain('Clavier et souris');
    expect(fr).toContain('Maj + clic gauche glissé');
    expect(fr).toContain('Réinitialiser');
    await screenshot(page, 'reading-keys-map-fr');
    await page.selectOption('[data-testid="lang"]', 'en');
    const en = (await map.textContent())!;
    expect(en).toContain('Keyboard and mouse');
    expect(en).toContain('Shift + left-drag');
    expect(en).not.toContain('Molette');
    expect(await page.locator('[data-testid="axial-scale-bar"]').textContent()).toMatch(/^\d+(\.\d+)? mm$/);
    await screenshot(page, 'reading-keys-map-en');
    await page.mouse.move(centre[0], centre[1]);
    await page.keyboard.press('Escape');
    expect(await map.isVisible()).toBe(false);
    await page.click('[data-testid="reading-map-button"]');
    expect(await map.isVisible()).toBe(true);
    await page.click('[data-testid="reading-map-close"]');
    expect(await map.isVisible()).toBe(false);
    // typed in a field, "1" is a digit, not a preset
    await page.keyboard.press('3');
    await page.fill('[data-testid="wl-width"]', '');
    await page.focus('[data-testid="wl-width"]');
    await page.keyboard.press('1');
    expect((await view(page)).widthHu).toBe(400);
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
  });
});
