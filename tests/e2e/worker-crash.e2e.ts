// A worker that dies is replaced and the user told; the study stays open and the next operation succeeds.
// Real crashes: an uncaught error thrown inside the running worker (as an out-of-memory abort or a WASM trap
// would), through Playwright's handle on the page's workers. Production build (its bundled worker files).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Worker } from 'playwright-core';
import { launch, screenshot, waitForVolume } from './browser.ts';
import { ensureBuild, startServer, type RunningServer } from './prod-server.ts';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { clickLps, healthyLumenPoints, readTruth, traceLadFromTruth } from './truth-points.ts';

type State = { loading: boolean; framesLoaded: number; framesTotal: number; fullVolumeMs?: number };
const state = (page: Page) => page.evaluate(() => (window as unknown as { __coro: { state(): State } }).__coro.state());
const vesselStatus = (page: Page) =>
  page.evaluate(() => (window as unknown as { __coroVessel?: { state(): { vessels: { status: string }[] } } }).__coroVessel?.state().vessels.map((v) => v.status));

/** Throws an uncaught error inside each worker whose script URL matches. */
async function crashWorkers(page: Page, url: RegExp): Promise<number> {
  const targets: Worker[] = page.workers().filter((w) => url.test(w.url()));
  await Promise.all(targets.map((w) => w.evaluate(() => { setTimeout(() => { throw new Error('simulated worker crash'); }, 0); }).catch(() => undefined)));
  return targets.length;
}

describe('a worker that dies', () => {
  let browser: Browser;
  let server: RunningServer;
  let page: Page;
  let studies: StudyIndexEntry[];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    studies = ensureStudies();
    ensureBuild();
    server = await startServer();
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url + '/', { timeout: 180_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('decoders dying mid-load: replaced, the volume completes, the user is told, the next study opens', async () => {
    await page.click('[data-testid="open-cas2"]'); // JPEG-LS: decoded in dicom-image-loader's workers
    await page.waitForFunction(() => ((window as any).__coro.state().framesLoaded ?? 0) >= 1, undefined, { timeout: 180_000, polling: 50 });
    const before = await state(page);
    expect(await crashWorkers(page, /decodeImageFrameWorker/)).toBeGreaterThan(0);
    expect(before.framesLoaded).toBeLessThan(before.framesTotal); // the crash hit a load in progress
    await waitForVolume(page);
    const after = await state(page);
    expect(after.framesLoaded).toBe(after.framesTotal);
    const notice = page.locator('[data-testid="notice"]').first();
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await notice.textContent()).toMatch(/décodage des images.*relancé.*l’étude reste ouverte/);
    // no slice was given up: the loads in flight were decoded again by the new workers
    expect((await page.locator('[data-testid="problem"]').allTextContents()).filter((p) => /laissée vide/.test(p))).toEqual([]);
    await screenshot(page, 'worker-crash-decode');
    await page.click('#home');
    await page.click('[data-testid="open-cas3"]'); // HTJ2K, on the replacement workers
    await waitForVolume(page);
    const next = await state(page);
    expect(next.framesLoaded).toBe(next.framesTotal);
    expect(next.framesTotal).toBe(studies.find((s) => s.id === 'cas3')!.imageCount);
  });

  it('decoders hanging mid-load: replaced after the stall deadline, the volume completes, the user is told', async () => {
    await page.click('#home');
    const notices = await page.locator('[data-testid="notice"]').count();
    await page.click('[data-testid="open-cas2"]');
    await page.waitForFunction(() => ((window as any).__coro.state().framesLoaded ?? 0) >= 1, undefined, { timeout: 180_000, polling: 50 });
    // a busy loop in every decoder: no error event, the workers just stop answering
    const hung = page.workers().filter((w) => /decodeImageFrameWorker/.test(w.url()));
    for (const w of hung) void w.evaluate(() => { for (;;) { /* hang */ } }).catch(() => undefined);
    expect(hung.length).toBeGreaterThan(0);
    const before = await state(page);
    expect(before.framesLoaded).toBeLessThan(before.framesTotal);
    await waitForVolume(page);
    const after = await state(page);
    expect(after.framesLoaded).toBe(after.framesTotal);
    // replaced once, or again if the replacements were still starting their codecs at the (doubled) deadline
    const added = (await page.locator('[data-testid="notice"]').allTextContents()).slice(notices);
    expect(added.length).toBeGreaterThanOrEqual(1);
    for (const t of added) expect(t).toMatch(/décodage des images s’est arrêté \(aucune coupe décodée depuis \d+ s\).*relancé/);
    expect((await page.locator('[data-testid="problem"]').allTextContents()).filter((p) => /laissée vide/.test(p))).toEqual([]);
  });

  it('the vessel worker dying: replaced with the volume, the user told, the next trace is measured', async () => {
    await page.click('#home');
    await page.click('[data-testid="open-cas1"]');
    await waitForVolume(page);
    const cas1 = studies.find((s) => s.id === 'cas1')!;
    expect(await traceLadFromTruth(page, cas1)).toBe('ready');
    const notices = await page.locator('[data-testid="notice"]').count();
    // every vessel worker the page runs (one per core, at most two) dies at once
    expect(await crashWorkers(page, /vessel\.worker/)).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="notice"]').length > n, notices, { timeout: 30_000 });
    expect(await page.locator('[data-testid="notice"]').last().textContent()).toMatch(/analyse des vaisseaux.*relancé/);
    // the workers dying together are told once
    const told = (await page.locator('[data-testid="notice"]').allTextContents()).slice(notices);
    expect(new Set(told).size).toBe(told.length);
    // only the newest notice is shown in full: earlier ones fold to one line so the pile leaves the profile visible
    const heights = await page.locator('[data-testid="notice"] span').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(1);
    const lineHeight = heights[0]!;
    expect(heights.slice(0, -1).every((h) => h === lineHeight)).toBe(true);
    expect(heights[heights.length - 1]!).toBeGreaterThan(1.5 * lineHeight);
    const inside = await page.locator('[data-testid="notice"] button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right <= window.innerWidth));
    expect(inside).toEqual(inside.map(() => true));
    await page.locator('[data-testid="notice"] span').first().click();
    expect(await page.locator('[data-testid="notice"] span').first().evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(1.5 * lineHeight);
    await page.locator('[data-testid="notice"] span').first().click();
    // the next operation: a waypoint added on the LAD re-traces it on a fresh worker holding the volume again
    const mid = healthyLumenPoints(readTruth(cas1), ['LAD'])[0]!;
    await clickLps(page, mid.lps);
    await page.waitForFunction(() => {
      const s = (window as any).__coroVessel?.state();
      return !!s && s.vessels.every((v: { status: string }) => v.status === 'ready' || v.status === 'failed') && s.vessels[0]?.status !== undefined;
    }, undefined, { timeout: 600_000, polling: 300 });
    expect(await vesselStatus(page)).toEqual(['ready']);
    await screenshot(page, 'worker-crash-vessel');
    expect(pageErrors).toEqual([]);
  });
});
