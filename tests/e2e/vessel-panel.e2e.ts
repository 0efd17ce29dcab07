// The vessel view's image panel (src/viewer/vessel/image-panel.ts) alone in headless Chromium (SwiftShader):
// a known HU ramp is drawn with the grey levels of its window (not inverted, on the first image, after an
// in-place pixel update and on a new geometry), the viewport's image data holds the true HU where the probe
// tool reads them, distances are in mm, and zoom and window/level survive in-place updates. Both renderers:
// vtk.js (WebGL) and Cornerstone's CPU path (the vessel view's panels; int16 HU, the ramp is integer).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import type { PanelCheckApi, ShowOptions } from './vessel-panel-page.ts';

const RAMP: ShowOptions = { width: 200, height: 100, colSpacingMm: 0.2, rowSpacingMm: 0.3, a: -300, bx: 4, by: 2 };
const PIXELS: [number, number][] = [[10, 10], [100, 50], [190, 90], [10, 90], [190, 10], [60, 30]];
const huOf = (o: ShowOptions, [x, y]: [number, number], frame = 0) => o.a + o.bx * x + o.by * y + 10 * frame;
/** grey of a linear VOI LUT (0 at lower, 255 at upper, clamped) */
const greyOf = (hu: number, voi: { lower: number; upper: number }) => Math.max(0, Math.min(255, (255 * (hu - voi.lower)) / (voi.upper - voi.lower)));

type Call = <K extends keyof PanelCheckApi>(name: K, ...args: Parameters<PanelCheckApi[K]>) => Promise<Awaited<ReturnType<PanelCheckApi[K]>>>;

describe.each(['gpu', 'cpu'] as const)('vessel image panel (Cornerstone StackViewport of computed float images), %s renderer', (renderer) => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const call: Call = (name, ...args) => page.evaluate(([n, a]) => {
    const api = (window as unknown as { __panelCheck: Record<string, (...x: unknown[]) => unknown> }).__panelCheck;
    return api[n as string]!(...(a as unknown[]));
  }, [name, args] as const) as never;
  const settle = () => page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 100)));

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 600, height: 500 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(inject('baseUrl') + '/tests/e2e/vessel-panel-page.html', { timeout: 180_000 });
    await page.waitForFunction(() => !!(window as unknown as { __panelCheck?: unknown }).__panelCheck, undefined, { timeout: 180_000 });
    await call('setUp', { lower: -1000, upper: 1000 }, renderer);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the HU ramp with the grey levels of the window (not inverted) and holds the true HU', async () => {
    await call('show', RAMP, 0);
    await settle();
    expect(await call('lastPath')).toBe('image');
    expect((await call('properties')).invert).toBe(false);
    const voi = { lower: -1000, upper: 1000 };
    const r = await call('read', PIXELS, RAMP);
    r.forEach((p, k) => {
      const hu = huOf(RAMP, PIXELS[k]!);
      expect(p.hu).toBeCloseTo(hu, 3);
      expect(Math.abs(p.grey - greyOf(hu, voi)), `pixel ${PIXELS[k]} HU ${hu}: grey ${p.grey}`).toBeLessThanOrEqual(3);
    });
    expect(errors).toEqual([]);
  });

  it('writes the next image of the same geometry in place: new grey levels and HU, zoom and window kept', async () => {
    const scale0 = (await call('camera')).parallelScale;
    await call('zoom', 0.8);
    const voi = { lower: -200, upper: 600 };
    await call('setVoi', voi);
    const before = await call('camera');
    await call('show', RAMP, 30);
    await settle();
    expect(await call('lastPath')).toBe('pixels');
    const after = await call('camera');
    expect(before.parallelScale).not.toBeCloseTo(scale0, 3);
    expect(after.parallelScale).toBeCloseTo(before.parallelScale, 6);
    expect((await call('properties')).voiRange).toEqual(voi);
    const r = await call('read', PIXELS, RAMP);
    r.forEach((p, k) => {
      const hu = huOf(RAMP, PIXELS[k]!, 30);
      expect(p.hu).toBeCloseTo(hu, 3);
      expect(Math.abs(p.grey - greyOf(hu, voi)), `pixel ${PIXELS[k]} HU ${hu}: grey ${p.grey}`).toBeLessThanOrEqual(3);
    });
    // 100 columns at 0.2 mm between the centres of pixels (10, 10) and (110, 10): 20 mm, whatever the zoom
    const [a, b] = await call('read', [[10, 10], [110, 10]], RAMP);
    expect(await call('distanceMm', a!.canvas, b!.canvas)).toBeCloseTo(20, 3);
  });

  it('builds a new image for a new geometry, still not inverted', async () => {
    const tall: ShowOptions = { ...RAMP, height: 160, a: 100, bx: -3, by: 1 };
    await call('setVoi', { lower: -1000, upper: 1000 });
    await call('show', tall, 0);
    await settle();
    expect(await call('lastPath')).toBe('image');
    const voi = (await call('properties')).voiRange!;
    expect(voi).toEqual({ lower: -1000, upper: 1000 });
    const px: [number, number][] = [[10, 10], [190, 150], [100, 80]];
    const r = await call('read', px, tall);
    r.forEach((p, k) => {
      const hu = huOf(tall, px[k]!);
      expect(p.hu).toBeCloseTo(hu, 3);
      expect(Math.abs(p.grey - greyOf(hu, voi)), `pixel ${px[k]} HU ${hu}: grey ${p.grey}`).toBeLessThanOrEqual(3);
    });
    expect(errors).toEqual([]);
  });

  it('the probe reads the HU under the cursor and the length tool measures true mm', async () => {
    await call('setVoi', { lower: -1000, upper: 1000 });
    await call('show', RAMP, 0);
    await settle();
    const box = (await page.locator('#panel').boundingBox())!;
    const [p, q, r] = await call('read', [[100, 50], [20, 80], [120, 80]], RAMP);
    await call('setTool', 'probe');
    await page.mouse.click(box.x + p!.canvas[0], box.y + p!.canvas[1]);
    // Cornerstone holds a mouse-down back for its double-click window (a tool switched before it ends gets the click)
    await page.waitForTimeout(700);
    await settle();
    await call('setTool', 'length');
    await page.mouse.move(box.x + q!.canvas[0], box.y + q!.canvas[1]);
    await page.mouse.down();
    await page.mouse.move(box.x + r!.canvas[0], box.y + r!.canvas[1], { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(700);
    await settle();
    await call('setTool', 'cursor');
    const m = await call('measurements');
    console.log(`${renderer}: ${JSON.stringify(m)}`);
    const probe = m.find((x) => x.tool === 'Probe');
    const length = m.find((x) => x.tool === 'Length');
    // pixel (100, 50) holds −300 + 4·100 + 2·50 = 200 HU; 100 columns at 0.2 mm = 20 mm
    expect(probe?.value).toBeCloseTo(huOf(RAMP, [100, 50]), 0);
    expect(length?.length).toBeCloseTo(20, 1);
    expect(length?.unit).toBe('mm');
    expect(errors).toEqual([]);
  });
});
