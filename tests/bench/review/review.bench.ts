// Class review bench (headless Chromium): 100 learners' readings plus the nine expert keys of the three training
// cases (generated from the truth as in the e2e test) chosen at once through the review's file input, until the
// review is rendered and a frame has passed. In-page time (data-load-ms: reading the files, reviewing, rendering,
// one frame) and the time seen from the test process (including Playwright handing over the files).
// Target: under 2 s.
import { createServer } from 'vite';
import { testCacheDir, testServerOptions } from '../../helpers/test-server.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise, type BenchResult } from '../harness.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { classFiles, type Truth } from '../../e2e/review-readings.ts';

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 5);
const WARMUP = 1;

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  const truths = ensureStudies().map((s) => JSON.parse(readFileSync(join(studiesRoot, s.truth), 'utf8')) as Truth);
  const files = classFiles(truths, [34, 33, 33]);
  const dir = mkdtempSync(join(tmpdir(), 'coro-review-bench-'));
  const paths = [...files.keys, ...files.readings].map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    return p;
  });
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', cacheDir: testCacheDir(root), server: testServerOptions(root, 5196) });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5196/').replace(/\/$/, '');
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(url + '/', { timeout: 300_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    await page.click('[data-testid="open-review"]');
    const inPage: number[] = [];
    const outside: number[] = [];
    let readings = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await page.click('[data-testid="review-clear"]');
      const t0 = performance.now();
      await page.setInputFiles('[data-testid="review-files"]', paths);
      await page.waitForSelector(`[data-testid="review"][data-generation="${i + 1}"]`, { timeout: 120_000 });
      const t1 = performance.now();
      const ms = Number(await page.getAttribute('[data-testid="review"]', 'data-load-ms'));
      readings = Number(await page.getAttribute('[data-testid="review-summary"]', 'data-readings'));
      if (i >= WARMUP) {
        inPage.push(ms);
        outside.push(t1 - t0);
      }
    }
    const extra = { files: paths.length, readingsKept: readings, targetMs: 2000 };
    return [
      { ...summarise('class review: 100 readings + 9 keys, load and render (in page)', inPage, 'chromium'), extra },
      { ...summarise('class review: 100 readings + 9 keys, file input to rendered (from the test)', outside, 'chromium'), extra },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
