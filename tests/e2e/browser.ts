// Headless Chromium (Debian package, SwiftShader WebGL) driven by playwright-core; never downloads a browser.
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (import.meta based: works under vitest and plain tsx ESM). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

/**
 * How the browser composites the page. 'swiftshader' (the tests' default) forces Chromium's display compositor
 * onto SwiftShader too (--ignore-gpu-blocklist): every page frame goes through an emulated GL swap of the whole
 * window (a 20-pixel div changing every frame: ~42 frames/s at 1280×1400 here). 'software' is what Chromium
 * does on a machine without a GPU: SwiftShader for WebGL only, the compositor in software (same div: 60).
 */
export type Compositing = 'swiftshader' | 'software';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs(opts: { compositing?: Compositing } = {}): string[] {
  return [
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--enable-precise-memory-info', '--js-flags=--expose-gc',
    ...(opts.compositing === 'software' ? ['--disable-gpu-compositing'] : []),
  ];
}

export async function launch(opts: { compositing?: Compositing } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(opts) });
}

export interface OpenedPage {
  readonly page: Page;
  readonly errors: string[];
}

export async function openApp(browser: Browser, baseUrl: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(baseUrl + '/', { waitUntil: 'load', timeout: 180_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  return { page, errors };
}

/** Waits until every slice of the opened volume is decoded. */
export async function waitForVolume(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(() => {
    const s = (window as unknown as { __coro?: { state(): { fullVolumeMs?: number; loading: boolean } } }).__coro?.state();
    return !!s && s.fullVolumeMs !== undefined && !s.loading;
  }, undefined, { timeout: timeoutMs, polling: 200 });
  // Two frames so the last texture upload is rendered (first IMAGE_RENDERED can precede it).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Grey-level sum and pixel array of a view's on-screen canvas (Cornerstone draws each view on a 2D canvas). */
export async function canvasPixels(page: Page, view: string): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate((v) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#view-${v} canvas`);
    if (!canvas) throw new Error(`no canvas in view ${v}`);
    const c2 = document.createElement('canvas');
    c2.width = canvas.width;
    c2.height = canvas.height;
    const g = c2.getContext('2d')!;
    g.drawImage(canvas, 0, 0);
    const img = g.getImageData(0, 0, c2.width, c2.height);
    const grey: number[] = new Array(c2.width * c2.height);
    for (let i = 0; i < grey.length; i++) grey[i] = img.data[i * 4]!;
    return { width: c2.width, height: c2.height, data: grey };
  }, view);
}

/** Mean grey in a square window (canvas pixels) centred on (x, y). */
export function windowMean(p: { width: number; height: number; data: number[] }, x: number, y: number, half: number): number {
  let sum = 0;
  let n = 0;
  for (let j = Math.round(y) - half; j <= Math.round(y) + half; j++) {
    for (let i = Math.round(x) - half; i <= Math.round(x) + half; i++) {
      if (i < 0 || j < 0 || i >= p.width || j >= p.height) continue;
      sum += p.data[j * p.width + i]!;
      n++;
    }
  }
  return n ? sum / n : 0;
}

export async function renderSettled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 300)));
}
