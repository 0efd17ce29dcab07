// Vessel view bench (headless Chromium, Cas 2): time from the second tracing click to the CPR shown, and CPR
// frames per second during 2 s of rotation drag with the WASM kernels (compute pool) and, in the same page and
// run, with the TS reference kernel swapped in (`ratio` = TS ms/frame ÷ WASM ms/frame).
import { createServer } from 'vite';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { against, summarise, type BenchResult } from '../harness.ts';
import { launch, repoRoot } from '../../e2e/browser.ts';

type Lps = [number, number, number];
interface Truth { vessels: { name: string; seeds: { ostiumLps: Lps }; points: { sMm: number; lps: Lps; lumenRadiusMm: number }[] }[]; lesions: { vessel: string; endSMm: number; diameterStenosisPct: number }[] }
interface HookState { cprFrames: number; lastCprMs?: number; lastTraceMs?: Record<string, number>; vessels: { status: string }[] }

const RUNS = Number(process.env.CORO_BENCH_RUNS ?? 1);
const DRAG_MS = 2000;
const hookState = (page: Page) => page.evaluate(() => (window as unknown as { __coroVessel: { state(): HookState } }).__coroVessel.state());

async function clickLps(page: Page, lps: Lps): Promise<void> {
  await page.fill('[data-testid="goto"]', lps.map((v) => v.toFixed(3)).join(', '));
  await page.press('[data-testid="goto"]', 'Enter');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const xy = await page.evaluate((p) => (window as unknown as { __coro: { worldToClient(v: string, p: Lps): [number, number] | undefined } }).__coro.worldToClient('axial', p), lps);
  if (!xy) throw new Error(`point ${lps.join(', ')} outside the axial view`);
  await page.mouse.click(xy[0], xy[1]);
}

/** Traces the vessel; returns ms from the second click to the first CPR image shown, and the worker stage times. */
async function traceOnce(page: Page, from: Lps, to: Lps): Promise<{ cprMs: number; trace: Record<string, number> }> {
  await page.click('[data-testid="trace-vessel"]');
  await clickLps(page, from);
  await clickLps(page, to);
  await page.waitForFunction(() => {
    const s = (window as unknown as { __coroVessel: { state(): HookState } }).__coroVessel.state();
    return s.lastCprMs !== undefined && s.vessels.at(-1)?.status === 'ready';
  }, undefined, { timeout: 600_000, polling: 100 });
  const s = await hookState(page);
  await page.keyboard.press('Escape');
  return { cprMs: s.lastCprMs!, trace: s.lastTraceMs ?? {} };
}

/** Drags across the CPR for DRAG_MS; returns the CPR images shown during the drag and the exact duration. */
async function rotateFor(page: Page): Promise<{ frames: number; ms: number }> {
  await page.locator('[data-testid="cpr-view"]').scrollIntoViewIfNeeded();
  const box = (await page.locator('[data-testid="cpr-view"]').boundingBox())!;
  const y = box.y + box.height / 2, x0 = box.x + 20;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  const f0 = (await hookState(page)).cprFrames;
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < DRAG_MS) {
    i++;
    await page.mouse.move(x0 + ((i * 7) % Math.max(40, box.width - 40)), y);
    await page.waitForTimeout(8);
  }
  const f1 = (await hookState(page)).cprFrames;
  const ms = Date.now() - t0;
  await page.mouse.up();
  return { frames: f1 - f0, ms };
}

export default async function bench(ctx: { root?: string } = {}): Promise<BenchResult[]> {
  const root = ctx.root ?? repoRoot;
  execFileSync('node', [join(root, 'scripts', 'ensure-sample-data.mjs')], { stdio: 'inherit', cwd: root });
  const truth = JSON.parse(readFileSync(join(root, 'sample-data', 'out', 'cas2', 'truth.json'), 'utf8')) as Truth;
  const lesion = truth.lesions.reduce((a, b) => (b.diameterStenosisPct > a.diameterStenosisPct ? b : a));
  const vessel = truth.vessels.find((v) => v.name === lesion.vessel)!;
  const distal = [...vessel.points].reverse().find((p) => p.lumenRadiusMm >= 0.75 && p.sMm > lesion.endSMm + 30)!;
  const server = await createServer({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', server: { host: '127.0.0.1', port: 5196, hmr: false } });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5196/').replace(/\/$/, '');
  const browser = await launch();
  const results: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, deviceScaleFactor: 1 });
    await page.goto(url + '/', { timeout: 300_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    await page.click('[data-testid="open-cas2"]');
    await page.waitForFunction(() => {
      const s = (window as unknown as { __coro?: { state(): { fullVolumeMs?: number; loading: boolean } } }).__coro?.state();
      return !!s && s.fullVolumeMs !== undefined && !s.loading;
    }, undefined, { timeout: 600_000, polling: 200 });
    const traces: { cprMs: number; trace: Record<string, number> }[] = [];
    for (let i = 0; i < RUNS; i++) traces.push(await traceOnce(page, vessel.seeds.ostiumLps, distal.lps));
    const med = (k: string) => Math.round(traces.map((t) => t.trace[k] ?? NaN).sort((a, b) => a - b)[traces.length >> 1]!);
    results.push({
      ...summarise('vessel view Cas 2 LAD: second click → CPR shown', traces.map((t) => t.cprMs), 'chromium'),
      extra: { targetMs: 500, centrelineMs: med('centrelineMs'), lumenMs: med('lumenMs'), lesionsMs: med('lesionsMs') },
    });
    const perFrame: Record<'wasm' | 'ts', number[]> = { wasm: [], ts: [] };
    const fps: Record<'wasm' | 'ts', number[]> = { wasm: [], ts: [] };
    for (let i = 0; i < 1 + RUNS; i++) {
      for (const kernel of ['wasm', 'ts'] as const) {
        await page.evaluate((k) => (window as unknown as { __coroVessel: { benchSetCprKernel(k: string): void } }).__coroVessel.benchSetCprKernel(k), kernel);
        await page.waitForTimeout(300);
        const r = await rotateFor(page);
        if (i === 0) continue; // warm-up
        perFrame[kernel].push(r.frames > 0 ? r.ms / r.frames : r.ms);
        fps[kernel].push((1000 * r.frames) / r.ms);
      }
    }
    const medFps = (k: 'wasm' | 'ts') => Math.round(10 * [...fps[k]].sort((a, b) => a - b)[fps[k].length >> 1]!) / 10;
    const ts = { ...summarise('vessel view CPR rotation drag (TS reference kernel): ms per frame', perFrame.ts, 'chromium'), extra: { fps: medFps('ts') } };
    const wasm = { ...against(summarise('vessel view CPR rotation drag (WASM kernels): ms per frame', perFrame.wasm, 'chromium'), ts), extra: { fps: medFps('wasm'), targetFps: 30 } };
    results.push(wasm, ts);
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}
