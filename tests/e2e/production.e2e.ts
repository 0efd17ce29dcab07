// The production build as `npm start` serves it (scripts/serve.ts): the headers a host must send, a strict CSP
// that the app runs under with zero violations (page and workers: report-uri collects what the workers see),
// the installable manifest and the service worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStudies } from '../helpers/studies.ts';
import { chromiumArgs, chromiumPath, launch, screenshot, waitForVolume } from './browser.ts';
import { ensureBuild, recordCspViolations, startServer, waitForServiceWorker, type RunningServer } from './prod-server.ts';

describe('production build', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureStudies();
    ensureBuild();
    server = await startServer({ collectCspReports: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the headers of docs/DEPLOY.md: COOP/COEP, CSP, wasm MIME; the studies too', async () => {
    const index = await fetch(server.url + '/');
    expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline handler
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    const wasmName = /assets\/[\w.-]+\.wasm/.exec(await (await fetch(server.url + '/sw.js')).text())?.[0];
    expect(wasmName).toBeDefined();
    const wasm = await fetch(`${server.url}/${wasmName}`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const studies = await fetch(server.url + '/studies/index.json');
    expect(studies.status).toBe(200);
    expect(((await studies.json()) as { studies: unknown[] }).studies.length).toBe(3);
  });

  it('opens a case under the CSP with zero violations, isolated, service worker active', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations = await recordCspViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    expect(await page.isVisible('[data-testid="app-status"]')).toBe(false); // nothing to say: isolated, current
    await waitForServiceWorker(page);
    await page.click('[data-testid="open-cas2"]');
    await waitForVolume(page);
    await page.click('[data-testid="problems-close"]', { timeout: 2_000 }).catch(() => undefined);
    await screenshot(page, 'production-cas2');
    await new Promise((r) => setTimeout(r, 1_500)); // reports are posted asynchronously
    expect(violations).toEqual([]);
    expect(server.reports).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is installable from Chromium (manifest, icons, service worker)', async () => {
    // a persistent profile: Chromium never offers to install from an incognito context
    const profile = mkdtempSync(join(tmpdir(), 'coro-install-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumArgs() });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
    await waitForServiceWorker(page);
    const manifest = (await (await fetch(server.url + '/manifest.webmanifest')).json()) as { icons: { sizes: string }[]; start_url: string };
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
});
