// Nothing leaves the origin when no PACS is configured: every request of a whole session on the production
// build (open Cas 2, trace the LAD from its truth seeds, report, PDF, vignettes) — the page's, its workers' and
// the service worker's — goes to the serving origin (data:/blob: URLs are in-memory, not requests out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, screenshot, waitForVolume } from './browser.ts';
import { ensureBuild, startServer, waitForServiceWorker, type RunningServer } from './prod-server.ts';
import { traceLadFromTruth } from './truth-points.ts';

async function download(page: Page, testid: string): Promise<number> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click(`[data-testid="${testid}"]`)]);
  const path = await d.path();
  return path ? (await import('node:fs')).statSync(path).size : 0;
}

describe('no request leaves the origin', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let study: StudyIndexEntry;
  const urls: string[] = [];

  beforeAll(async () => {
    study = ensureStudies().find((s) => s.id === 'cas2')!;
    ensureBuild();
    server = await startServer();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 1500 }, acceptDownloads: true });
    context.on('request', (r) => void urls.push(r.url()));
    context.on('serviceworker', (w) => void urls.push(w.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('open, trace, report, PDF, vignettes: every request is same-origin', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await waitForServiceWorker(page);
    await page.click(`[data-testid="open-${study.id}"]`);
    await waitForVolume(page);

    expect(await traceLadFromTruth(page, study)).toBe('ready');
    await page.selectOption('[data-testid="vessel-name-0"]', 'LAD');
    await page.click('[data-testid="trace-vessel"]');
    await page.click('[data-testid="report-toggle"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="report-finding-"]').length >= 1, undefined, { timeout: 60_000 });
    expect(await download(page, 'report-pdf')).toBeGreaterThan(1000);
    expect(await download(page, 'vignette-png')).toBeGreaterThan(1000);
    expect(await download(page, 'vignette-pdf')).toBeGreaterThan(1000);
    await screenshot(page, 'same-origin-session');

    const origin = new URL(server.url).origin;
    const network = urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(network.length).toBeGreaterThan(281); // the study's files at least: the recording works
    expect(network.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  }, 900_000);
});
