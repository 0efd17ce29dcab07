// Viewer load bench (headless Chromium): click-to-first-image and click-to-full-volume for Cas 1
// (Explicit VR LE) and Cas 3 (HTJ2K), beside fetching the same files in the same page and run, so
// `ratio` = read-only time / load time shows what decoding and texture upload cost.
import { createServer } from 'vite';
import { testCacheDir, testServerOptions } from '../../helpers/test-server.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { against, summarise, type BenchResult } from '../harness.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';

interface StudyEntry { id: string; name: string; imageCount: number; folder: string }

function studiesIndex(root: string): StudyEntry[] {
  execFileSync('node', [join(root, 'scripts', 'ensure-sample-data.mjs')], { stdio: 'inherit', cwd: root });
  return (JSON.parse(readFileSync(join(root, 'sample-data', 'out', 'index.json'), 'utf8')) as { studies: StudyEntry[] }).studies;
}

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 3);
const WARMUP = 1;

interface LoadTimes { firstImageMs: number; fullVolumeMs: number; phases: Record<string, number> }

async function openOnce(page: Page, id: string): Promise<LoadTimes> {
  if (await page.isVisible('#home')) await page.click('#home');
  await page.click(`[data-testid="open-${id}"]`);
  await page.waitForFunction(() => {
    const s = (window as any).__coro?.state();
    return s && s.fullVolumeMs !== undefined && !s.loading;
  }, undefined, { timeout: 600_000, polling: 100 });
  return page.evaluate(() => {
    const s = (window as any).__coro.state();
    return { firstImageMs: s.firstImageMs, fullVolumeMs: s.fullVolumeMs, phases: s.phases };
  });
}

/** Reads every file of the study folder in the page (same listing and requests as the app), ms. */
async function fetchOnce(page: Page, folder: string): Promise<number> {
  return page.evaluate(async (f) => {
    const t0 = performance.now();
    const base = `/studies/${f}/`;
    const { files } = (await (await fetch(`${base}__files.json`, { cache: 'no-store' })).json()) as { files: string[] };
    let bytes = 0;
    await Promise.all(files.map(async (n) => (bytes += (await (await fetch(base + n)).arrayBuffer()).byteLength)));
    if (bytes === 0) throw new Error('no bytes');
    return performance.now() - t0;
  }, folder);
}

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  const studies = studiesIndex(root);
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', cacheDir: testCacheDir(root), server: testServerOptions(root, 5195) });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5195/').replace(/\/$/, '');
  const browser = await launch();
  const results: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(url + '/', { timeout: 300_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    for (const id of ['cas1', 'cas3']) {
      const study = studies.find((s) => s.id === id);
      if (!study) continue;
      const loads: LoadTimes[] = [];
      const reads: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const read = await fetchOnce(page, study.folder);
        const load = await openOnce(page, id);
        if (i >= WARMUP) {
          reads.push(read);
          loads.push(load);
        }
      }
      const readRes = summarise(`viewer ${study.name}: read files (fetch, no decode)`, reads, 'chromium');
      const med = (k: string) => {
        const v = loads.map((l) => l.phases[k] ?? NaN).sort((a, b) => a - b);
        return Math.round(v[Math.floor(v.length / 2)]!);
      };
      const extra = {
        slices: study.imageCount,
        filesReadMs: med('filesRead'), headersMs: med('headersCached'), firstDecodedMs: med('firstFrameDecoded'), allDecodedMs: med('allDecoded'),
      };
      results.push(readRes);
      results.push({ ...against(summarise(`viewer ${study.name}: click → first image`, loads.map((l) => l.firstImageMs), 'chromium'), readRes), extra });
      results.push({ ...against(summarise(`viewer ${study.name}: click → full volume`, loads.map((l) => l.fullVolumeMs), 'chromium'), readRes), extra });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}
