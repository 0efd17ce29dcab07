// Text from files is text: a copy of Cas 2 whose PatientName, study and series descriptions and model name carry
// markup (<img onerror>, </script><script>) opens on the production build (under its CSP); the markup shows
// literally in the panels, creates no element and runs nothing; the LAD is traced, the report, its PDF and the
// vignettes are made from it without failing, the PDF text carrying the series description literally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';
import { setText } from '../fuzz/mutate.ts';
import { launch, screenshot, waitForVolume } from './browser.ts';
import { ensureBuild, startServer, type RunningServer } from './prod-server.ts';
import { traceLadFromTruth } from './truth-points.ts';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '</script><script>window.__pwned=2</script>';

const noMarkupRan = (page: Page) => page.evaluate(() => ({
  pwned: (window as unknown as { __pwned?: number }).__pwned,
  imgs: document.querySelectorAll('img[src="x"]').length,
  inlineScripts: [...document.scripts].filter((s) => !s.src).length,
}));

async function download(page: Page, testid: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click(`[data-testid="${testid}"]`)]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

describe('text from files is text', () => {
  let server: RunningServer;
  let browser: Browser;
  let study: StudyIndexEntry;
  let dir: string;
  const files: string[] = [];

  beforeAll(async () => {
    study = ensureStudies().find((s) => s.id === 'cas2')!;
    ensureBuild();
    dir = mkdtempSync(join(tmpdir(), 'coro-hostile-'));
    const src = join(studiesRoot, study.folder, 'DICOM');
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const f of walk(src)) {
      let b: Uint8Array = new Uint8Array(readFileSync(f));
      b = setText(b, 'x00100010', `${IMG}^${SCRIPT}`);
      b = setText(b, 'x00081030', `Etude ${SCRIPT}`);
      b = setText(b, 'x0008103e', `Coro CorCTA 0.6 B26f BestDiast 75 % ${IMG}`);
      b = setText(b, 'x00081090', `Modele ${IMG}`);
      const out = join(dir, relative(src, f).replace(/\//g, '_'));
      writeFileSync(out, b);
      files.push(out);
    }
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('panels, report, PDF and vignettes show the markup as text and run none of it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1500 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.setDefaultTimeout(120_000);
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await page.setInputFiles('#in-files', files);
    await waitForVolume(page);
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain(`BestDiast 75 % ${IMG}`); // the overlay shows the description, markup included
    expect(await noMarkupRan(page)).toEqual({ pwned: undefined, imgs: 0, inlineScripts: 0 });

    await traceLadFromTruth(page, study);
    await page.selectOption('[data-testid="vessel-name-0"]', 'LAD');
    await page.click('[data-testid="trace-vessel"]');
    await page.click('[data-testid="report-toggle"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="report-finding-"]').length >= 1, undefined, { timeout: 60_000 });
    await page.fill('[data-testid="report-free-text"]', `Note ${SCRIPT} ${IMG}`);
    expect(await page.textContent('[data-testid="report-text"]')).toContain(`Note ${SCRIPT} ${IMG}`);
    await screenshot(page, 'text-is-text-report');
    expect(await noMarkupRan(page)).toEqual({ pwned: undefined, imgs: 0, inlineScripts: 0 });

    const out = join(dir, 'downloads');
    mkdirSync(out, { recursive: true });
    const pdf = await download(page, 'report-pdf', out);
    const pdfText = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('<img src=x');
    expect(readFileSync(await download(page, 'vignette-png', out)).length).toBeGreaterThan(1000);
    expect(readFileSync(await download(page, 'vignette-pdf', out)).length).toBeGreaterThan(1000);
    expect(await noMarkupRan(page)).toEqual({ pwned: undefined, imgs: 0, inlineScripts: 0 });
    expect(errors).toEqual([]);
  }, 900_000);
});
