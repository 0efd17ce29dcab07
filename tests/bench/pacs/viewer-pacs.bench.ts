// Click → full volume in headless Chromium, from the PACS (the start page's PACS list: QIDO + WADO-RS from
// the test Orthanc on loopback through the CORS proxy) against from disk (the bundled case, same page, same
// run), for Cas 1 (Explicit VR LE) and Cas 3 (HTJ2K). `ratio` = disk median / PACS median. Beside them,
// click → the PACS panel's first image (drawn while the series still arrives), against the full volume.
import { createServer } from 'vite';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { startOrthanc, uploadFolder } from '../../helpers/orthanc.ts';
import { startCorsProxy } from '../../helpers/cors-proxy.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';
import { against, summarise, type BenchResult } from '../harness.ts';

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 3);
const WARMUP = 1;

async function fullVolumeMs(page: Page, click: () => Promise<void>): Promise<number> {
  if (await page.isVisible('#home')) await page.click('#home');
  await click();
  await page.waitForFunction(() => {
    const s = (window as any).__coro?.state();
    return s && s.fullVolumeMs !== undefined && !s.loading;
  }, undefined, { timeout: 600_000, polling: 100 });
  return page.evaluate(() => (window as any).__coro.state().fullVolumeMs as number);
}

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  const studies = ensureStudies();
  const orthanc = await startOrthanc();
  const proxy = await startCorsProxy(orthanc.url);
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', server: { host: '127.0.0.1', port: 5197, hmr: false } });
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
      const pacs: number[] = [];
      const disk: number[] = [];
      const first: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const d = await fullVolumeMs(page, () => page.click(`[data-testid="open-${id}"]`));
        const p = await fullVolumeMs(page, fromPacs);
        const f = await page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-testid="pacs"]')?.dataset.firstImageMs ?? NaN));
        if (i >= WARMUP) {
          disk.push(d);
          pacs.push(p);
          if (Number.isFinite(f)) first.push(f);
        }
      }
      const diskRes = summarise(`viewer ${study.name}: click → full volume from disk (bundled)`, disk, 'chromium');
      results.push(diskRes);
      const pacsRes = summarise(`viewer ${study.name}: click → full volume from Orthanc (WADO-RS)`, pacs, 'chromium');
      results.push(against(pacsRes, diskRes));
      if (first.length) results.push(against(summarise(`viewer ${study.name}: click → first image from Orthanc (PACS panel)`, first, 'chromium'), pacsRes));
    }
  } finally {
    await browser.close();
    await server.close();
    await proxy.close();
    await orthanc.dispose();
  }
  return results;
}
