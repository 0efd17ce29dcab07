// Runs a bench page in headless Debian chromium (playwright-core) served by Vite on 127.0.0.1 with
// COOP/COEP (crossOriginIsolated → SharedArrayBuffer, shared wasm memory; `isolated: false` serves without them).
// Reusable by other benches:
//   await runInChromium(root, '/tests/bench/compute/bench-page.html', '__runComputeBench')
import { existsSync } from 'node:fs';
import type { BenchResult } from '../harness';
import { testServerOptions } from '../../helpers/test-server.ts';

export async function runInChromium<T = BenchResult[]>(
  root: string, pagePath: string, fnName: string, log: (m: string) => void = () => {}, opts: { isolated?: boolean } = {},
): Promise<T> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium missing: cannot run the Chromium bench');
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const server = await createServer({
    configFile: false, root, logLevel: 'error', clearScreen: false,
    // own dependency cache: the app's e2e server (and a concurrent run) must not re-optimise under this page
    cacheDir: `${root}/node_modules/.vite-compute-${opts.isolated === false ? 'plain' : 'isolated'}`,
    server: {
      ...testServerOptions(root, 0),
      headers: opts.isolated === false ? {} : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    worker: { format: 'es' },
    // pre-bundle up front: a dependency discovered mid-run makes Vite reload the page
    optimizeDeps: { include: ['comlink'], entries: [pagePath.replace(/^\//, '')] },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => log(`[chromium] ${m.text()}`));
    page.on('pageerror', (e) => log(`[chromium error] ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}${pagePath}`);
    await page.waitForFunction((n) => typeof (window as unknown as Record<string, unknown>)[n] === 'function', fnName, { timeout: 120_000 });
    return await page.evaluate(async (n) => {
      const w = window as unknown as Record<string, () => Promise<T>>;
      return w[n]!();
    }, fnName);
  } finally {
    await browser.close();
    await server.close();
  }
}
