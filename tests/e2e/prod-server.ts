// The production build for e2e tests: builds dist/ when its sources changed (scripts/build-if-changed.mjs, a
// no-op when the stamp matches) and starts scripts/serve.ts in-process on a free port.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers/studies.ts';

export { startServer, type RunningServer } from '../../scripts/serve.ts';

export function ensureBuild(): void {
  execFileSync('node', [join(repoRoot, 'scripts', 'build-if-changed.mjs')], { stdio: 'inherit', cwd: repoRoot });
}

/** Collects CSP violations seen by the page (securitypolicyviolation) and Chromium's console lines about CSP. */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (s: string) => void seen.push(s));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(s: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return seen;
}

/** Waits until the service worker controls the page and has precached the app shell. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !!reg?.active && reg.active.state === 'activated' && navigator.serviceWorker.controller !== null;
  }, undefined, { timeout: 120_000, polling: 250 });
}
