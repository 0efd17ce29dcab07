// The training studies as a static DICOMweb tree (npm run dicomweb:static → sample-data/out/dicomweb),
// published by the app's own server at /studies/dicomweb and opened through the same PACS panel and
// src/pacs client as from Orthanc: the list (the tree form found by the client itself), a filter, Cas 1
// opened with voxels equal to the disk load, every request a plain GET of a file under that folder, and
// the report refused politely (read-only).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { writeStaticDicomWeb } from '../../scripts/static-dicomweb.ts';
import { launch, openApp, screenshot, waitForVolume } from './browser.ts';
import { expectViewerVoxelsMatchIngest } from './voxels.ts';

describe('static DICOMweb folder', () => {
  let browser: Browser;
  let page: Page;
  let studies: StudyIndexEntry[];
  let baseUrl: string;
  const asked: string[] = [];

  beforeAll(async () => {
    studies = ensureStudies();
    writeStaticDicomWeb();
    baseUrl = inject('baseUrl');
    browser = await launch();
    ({ page } = await openApp(browser, baseUrl));
    await page.setViewportSize({ width: 1280, height: 1100 });
    page.setDefaultTimeout(90_000);
    page.on('request', (r) => { if (r.url().includes('/dicomweb')) asked.push(`${r.method()} ${r.url()}`); });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists and filters the cases, opens Cas 1 with the voxels of the disk load', async () => {
    await page.fill('[data-testid="pacs-url"]', '/studies/dicomweb');
    await page.click('[data-testid="pacs-connect"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 3);
    const text = (await page.textContent('[data-testid="pacs-studies"]'))!;
    for (const id of ['CORO-01', 'CORO-02', 'CORO-03']) expect(text).toContain(id);
    await page.fill('[data-testid="pacs-filter-patient"]', 'coro-01');
    await page.click('[data-testid="pacs-search"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="pacs-study"]')].map((r) => r.getAttribute('data-patient-id')).join() === 'CORO-01');
    await screenshot(page, 'pacs-static-list');
    await page.click('[data-testid="pacs-open-0"]');
    await waitForVolume(page);
    const study = studies.find((s) => s.id === 'cas1')!;
    const st = await page.evaluate(() => (window as unknown as { __coro: { state(): { framesLoaded: number } } }).__coro.state());
    expect(st.framesLoaded).toBe(study.imageCount);
    await expectViewerVoxelsMatchIngest(page, study);
    await screenshot(page, 'pacs-static-open');
    // a static server answers files only: the server-form search once (404), then files of the tree
    const root = `${baseUrl}/studies/dicomweb/`;
    expect(asked.every((a) => a.startsWith(`GET ${root}`))).toBe(true);
    const serverForm = asked.filter((a) => a.includes('?'));
    expect(serverForm.length).toBe(1);
    expect(asked.filter((a) => /\/instances\/[\d.]+$/.test(a)).length).toBe(study.imageCount);
  });

  it('refuses to send the report to a read-only folder, in words', async () => {
    await page.click('[data-testid="report-toggle"]');
    await page.click('[data-testid="pacs-send-sr"]');
    await page.waitForFunction(() => /statiques \(lecture seule\)/.test(document.querySelector('[data-testid="report-panel"]')?.textContent ?? document.body.textContent ?? ''));
    await page.click('[data-testid="report-toggle"]');
  });
});
