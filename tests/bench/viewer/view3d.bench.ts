// 3D view bench (headless Chromium, SwiftShader as in the e2e tests): on Cas 1, the time from switching 3D on
// to its first full image, a 10-step drag rotation to its full image, and the longest main-thread task
// (PerformanceObserver 'longtask') over both. One warm-up, then CORO_BENCH_RUNS runs (3D off and on again:
// each run rebuilds the view from the loaded volume). The load average is printed beside (2 shared cores).
import { createServer } from 'vite';
import { testCacheDir, testServerOptions } from '../../helpers/test-server.ts';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { summarise, type BenchResult } from '../harness.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';
import { longTasks, rotate3d, switch3dOn, watchLongTasks } from '../../e2e/view3d-drive.ts';

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 3);
const WARMUP = 1;

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  execFileSync('node', [join(root, 'scripts', 'ensure-sample-data.mjs')], { stdio: 'inherit', cwd: root });
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', cacheDir: testCacheDir(root), server: testServerOptions(root, 5197) });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5197/').replace(/\/$/, '');
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(url + '/', { timeout: 300_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    await page.click('[data-testid="open-cas1"]');
    await page.waitForFunction(() => { const s = (window as any).__coro?.state(); return s && s.fullVolumeMs !== undefined && !s.loading; }, undefined, { timeout: 600_000, polling: 200 });
    await watchLongTasks(page);
    const first: number[] = [], turn: number[] = [], longest: number[] = [], loads: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await longTasks(page);
      const load0 = loadavg()[0]!;
      const f = await switch3dOn(page);
      const t = await rotate3d(page, 10, 12);
      const tasks = await longTasks(page);
      await page.uncheck('[data-testid="toggle-3d"]');
      await page.waitForFunction(() => !(window as any).__coro.view3dOn(), undefined, { timeout: 60_000 });
      if (i < WARMUP) continue;
      first.push(f);
      turn.push(t);
      longest.push(Math.max(0, ...tasks));
      loads.push((load0 + loadavg()[0]!) / 2);
    }
    const extra = { loadAverage1min: Number((loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1)), viewport: '1280x800' };
    return [
      { ...summarise('3D view Cas 1: switch on → first full image', first, 'chromium'), extra },
      { ...summarise('3D view Cas 1: 10-step drag rotation → full image', turn, 'chromium'), extra },
      { ...summarise('3D view Cas 1: longest main-thread task (switch on + rotation)', longest, 'chromium'), extra },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
