// Offline, isolation without headers, updates — the service worker's three jobs, on the production build:
// 1. after one visit and "Keep offline", the server gone and the context offline, a reload shows the app and a
//    training study opens; 2. on a host without COOP/COEP the worker makes the page isolated (and where no
//    worker runs the app still opens a case, saying it is slower); 3. a new version waits until the user accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStudies } from '../helpers/studies.ts';
import { chromiumArgs, chromiumPath, launch, screenshot, waitForVolume } from './browser.ts';
import { ensureBuild, startServer, waitForServiceWorker } from './prod-server.ts';

type CoroState = { framesLoaded: number; framesTotal: number };
const state = (page: Page) => page.evaluate(() => (window as unknown as { __coro: { state(): CoroState } }).__coro.state());
const ready = (page: Page) => page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });

async function openCas2(page: Page): Promise<CoroState> {
  await page.click('[data-testid="open-cas2"]');
  await waitForVolume(page);
  return state(page);
}

describe('service worker', () => {
  let browser: Browser;
  beforeAll(async () => {
    ensureStudies();
    ensureBuild();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('after a visit and "Keep offline", the app and a training study open with the network cut', async () => {
    const server = await startServer();
    // a profile on disk: the studies (hundreds of MB) go to Cache Storage, which an incognito context keeps in memory
    const profile = mkdtempSync(join(tmpdir(), 'coro-offline-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumArgs(), viewport: { width: 1280, height: 800 } });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url + '/');
      await ready(page);
      await waitForServiceWorker(page);
      await page.click('[data-testid="keep-offline"]');
      await page.waitForFunction(() => /disponibles hors ligne/.test(document.querySelector('[data-testid="keep-offline-status"]')?.textContent ?? ''), undefined, { timeout: 300_000, polling: 500 });

      await server.close(); // nothing answers any more, whatever the browser's offline emulation covers
      await context.setOffline(true);
      await page.reload();
      await ready(page);
      expect(await page.textContent('[data-testid="studies"]')).toContain('Cas 2');
      const s = await openCas2(page);
      expect(s.framesLoaded).toBe(s.framesTotal);
      expect(s.framesTotal).toBeGreaterThan(100);
      await screenshot(page, 'offline-cas2');
    } finally {
      await context?.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('makes the page cross-origin isolated on a host that sends no COOP/COEP', async () => {
    const server = await startServer({ isolation: false });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/');
      await ready(page);
      // first visit: not isolated, said in the status line; the worker installs, then the page reloads itself
      await page.waitForFunction(() => window.crossOriginIsolated, undefined, { timeout: 180_000, polling: 500 });
      await ready(page);
      expect(await page.isVisible('[data-testid="app-status"]')).toBe(false);
      const s = await openCas2(page);
      expect(s.framesLoaded).toBe(s.framesTotal);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('without isolation at all the app still opens a case and says it is slower', async () => {
    const server = await startServer({ isolation: false });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/');
      await ready(page);
      expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(false);
      expect(await page.textContent('[data-testid="app-status"]')).toContain('plus lents');
      const s = await openCas2(page);
      expect(s.framesLoaded).toBe(s.framesTotal);
      await screenshot(page, 'not-isolated-cas2');
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('announces a new version and switches to it only when the user accepts', async () => {
    let version = '';
    const server = await startServer({ rewrite: (path, bytes) => (path === '/sw.js' ? Buffer.concat([bytes, Buffer.from(version)]) : bytes) });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/');
      await ready(page);
      await waitForServiceWorker(page);
      await page.evaluate(() => ((window as unknown as { __oldPage: boolean }).__oldPage = true));
      version = '\n// next version\n';
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      await page.waitForSelector('[data-testid="app-status-reload"]', { timeout: 120_000 });
      expect(await page.textContent('[data-testid="app-status"]')).toContain('nouvelle version');
      expect(await page.evaluate(() => (window as unknown as { __oldPage?: boolean }).__oldPage)).toBe(true); // not reloaded behind the user
      await screenshot(page, 'update-ready');
      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.click('[data-testid="app-status-reload"]')]);
      await ready(page);
      expect(await page.evaluate(() => (window as unknown as { __oldPage?: boolean }).__oldPage)).toBeUndefined();
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      expect(await page.isVisible('[data-testid="app-status"]')).toBe(false);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
