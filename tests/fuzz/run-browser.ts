/**
 * Browser fuzz run: the mutants go, in batches, through the viewer's own file input on the production build
 * (ingest in the page, decode in the workers). A batch ends when the page settles — a volume loaded, a clear
 * error shown, or the series chooser (its first series is then opened) — within a deadline per file of the
 * batch. Per file: refused when the problems panel lists it with a reason, ok otherwise; the batch's files are
 * hangs when the deadline passes, crashes when the tab dies; an uncaught page error counts once per batch.
 */
import type { Browser, Page } from 'playwright-core';
import { launch } from '../e2e/browser.ts';
import { ensureBuild, startServer } from '../e2e/prod-server.ts';
import type { Mutant } from './mutate.ts';
import type { FileResult, Outcome } from './run-cli.ts';

type Settle = 'loaded' | 'error' | 'chooser' | 'timeout';

async function settle(page: Page, deadlineMs: number): Promise<Settle> {
  const h = await page.waitForFunction(() => {
    const w = window as unknown as { __coro?: { state(): { fullVolumeMs?: number; loading: boolean } } };
    const s = w.__coro?.state();
    if (s && s.fullVolumeMs !== undefined && !s.loading) return 'loaded';
    if (!(document.querySelector('#error') as HTMLElement | null)?.hidden) return 'error';
    if (!(document.querySelector('#chooser') as HTMLElement | null)?.hidden) return 'chooser';
    return false;
  }, undefined, { timeout: deadlineMs, polling: 200 }).catch(() => undefined);
  return h ? ((await h.jsonValue()) as Settle) : 'timeout';
}

async function freshPage(browser: Browser, url: string, uncaught: string[]): Promise<{ page: Page; crashed: () => boolean }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  let crashed = false;
  page.on('crash', () => (crashed = true));
  if (process.env.CORO_FUZZ_CONSOLE) {
    page.on('console', (m) => console.log('[console]', m.type(), m.text().slice(0, 400)));
    await page.addInitScript(() => window.addEventListener('unhandledrejection', (e) => {
      const r = e.reason as unknown;
      console.log('unhandledrejection', r instanceof Error ? r.stack : JSON.stringify(r, (_k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? `[${(v as ArrayBuffer).byteLength} bytes]` : v)).slice(0, 600));
    }));
  }
  page.on('pageerror', (e) => uncaught.push(`${String(e)} ${(e.stack ?? '').split('\n').slice(0, 4).join(' ')}`));
  await page.goto(url + '/', { timeout: 180_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  return { page, crashed: () => crashed };
}

export async function fuzzBrowser(list: Iterable<Mutant>, opts: { batchSize?: number; perFileMs?: number; onBatch?: (done: number) => void; baseUrl?: string } = {}): Promise<FileResult[]> {
  if (!opts.baseUrl) ensureBuild();
  const server = opts.baseUrl ? { url: opts.baseUrl, close: async () => undefined } : await startServer();
  const browser = await launch();
  const results: FileResult[] = [];
  const all = [...list];
  const batchSize = opts.batchSize ?? 25;
  try {
    const uncaught: string[] = [];
    let tab = await freshPage(browser, server.url, uncaught);
    for (let b = 0; b < all.length; b += batchSize) {
      const batch = all.slice(b, b + batchSize);
      const before = uncaught.length;
      if (await tab.page.isVisible('#home')) await tab.page.click('#home');
      await tab.page.setInputFiles('#in-files', batch.map((m) => ({ name: m.name, mimeType: 'application/dicom', buffer: Buffer.from(m.bytes) })));
      const deadline = (opts.perFileMs ?? 5_000) * batch.length;
      let end = await settle(tab.page, deadline);
      if (end === 'chooser') {
        await tab.page.click('[data-testid="series-0"]');
        end = await settle(tab.page, deadline);
      }
      const problems = tab.crashed() || end === 'timeout' ? [] : await tab.page.locator('[data-testid="problem"]').allTextContents();
      const batchOutcome: Outcome | undefined = tab.crashed() ? 'crash' : end === 'timeout' ? 'hang' : undefined;
      for (const m of batch) {
        const line = problems.find((p) => p.startsWith(m.name));
        const outcome: Outcome = batchOutcome ?? (line ? 'refused' : 'ok');
        results.push({ name: m.name, mutation: m.mutation, outcome, reason: batchOutcome ? `batch ${end}` : line ? line.slice(m.name.length).replace(/^\s*—\s*/, '') : `batch ${end}` });
      }
      if (uncaught.length > before) results.push({ name: `batch ${b / batchSize}`, mutation: '-', outcome: 'uncaught', reason: uncaught.slice(before).join(' | ') });
      if (batchOutcome) {
        await tab.page.close().catch(() => undefined);
        tab = await freshPage(browser, server.url, uncaught);
      }
      opts.onBatch?.(Math.min(all.length, b + batchSize));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}
