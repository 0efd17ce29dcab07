// Click → first image and click → full volume in headless Chromium, from the PACS (the start page's PACS
// list: QIDO + WADO-RS from the test Orthanc on loopback through the CORS proxy; the volume fills as the
// slices arrive) against from disk (the bundled case, same page, same run), for Cas 1 (Explicit VR LE) and
// Cas 3 (HTJ2K). The first image is the viewer's (its axial view drawn with the first decoded slice).
// `ratio` = disk median / PACS median; each row carries the 1-minute load average before and after it.
import { createServer } from 'vite';
import { testCacheDir, testServerOptions } from '../../helpers/test-server.ts';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { startOrthanc, uploadFolder } from '../../helpers/orthanc.ts';
import { startCorsProxy } from '../../helpers/cors-proxy.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';
import { against, summarise, type BenchResult } from '../harness.ts';

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 3);
const WARMUP = 1;

interface Times { readonly firstMs: number; readonly fullMs: number }

async function loadTimes(page: Page, click: () => Promise<void>): Promise<Times> {
  if (await page.isVisible('#home')) await page.click('#home');
  await click();
  await page.waitForFunction(() => {
    const s = (window as any).__coro?.state();
    return s && s.fullVolumeMs !== undefined && !s.loading;
  }, undefined, { timeout: 600_000, polling: 100 });
  return page.evaluate(() => {
    const s = (window as any).__coro.state();
    return { firstMs: s.firstImageMs as number, fullMs: s.fullVolumeMs as number };
  });
}

const load1 = () => loadavg()[0]!.toFixed(2);

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  const studies = ensureStudies();
  const orthanc = await startOrthanc();
  const proxy = await startCorsProxy(orthanc.url);
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', cacheDir: testCacheDir(root), server: testServerOptions(root, 5197) });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5197/').replace(/\/$/, '');
  const browser = await launch();
  const results: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(url + '/', { timeout: 300_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    await page.fill('[data-testid="pacs-url"]', `${proxy.url}/dicom-web`);
    await page.selectOption('[data-testid="pacs-auth"]', 'basic');
    await page.fill('[data-testid="pacs-user"]', orthanc.user);
    await page.fill('[data-testid="pacs-password"]', orthanc.password);
    for (const id of ['cas1', 'cas3']) {
      const study = studies.find((s) => s.id === id)!;
      await uploadFolder(orthanc, join(studiesRoot, study.folder));
      const fromPacs = async () => {
        await page.fill('[data-testid="pacs-filter-patient"]', `CORO-0${id.slice(3)}`);
        await page.click('[data-testid="pacs-search"]');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 1, undefined, { timeout: 60_000 });
        await page.click('[data-testid="pacs-open-0"]');
      };
      const disk: Times[] = [];
      const pacs: Times[] = [];
      const loadBefore = load1();
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const d = await loadTimes(page, () => page.click(`[data-testid="open-${id}"]`));
        const p = await loadTimes(page, fromPacs);
        if (i >= WARMUP) {
          disk.push(d);
          pacs.push(p);
        }
      }
      const extra = { loadavg1: `${loadBefore} → ${load1()}`, cores: cpus().length };
      const row = (what: string, from: string, times: number[]) => ({ ...summarise(`viewer ${study.name}: click → ${what} from ${from}`, times, 'chromium'), extra });
      const diskFirst = row('first image', 'disk (bundled)', disk.map((t) => t.firstMs));
      const diskFull = row('full volume', 'disk (bundled)', disk.map((t) => t.fullMs));
      results.push(diskFirst, diskFull);
      results.push(against(row('first image', 'Orthanc (WADO-RS)', pacs.map((t) => t.firstMs)), diskFirst));
      results.push(against(row('full volume', 'Orthanc (WADO-RS)', pacs.map((t) => t.fullMs)), diskFull));
    }
  } finally {
    await browser.close();
    await server.close();
    await proxy.close();
    await orthanc.dispose();
  }
  return results;
}
