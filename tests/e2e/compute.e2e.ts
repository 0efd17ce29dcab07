// Compute pool in real headless Chromium (self-contained: own Vite server, own page under
// tests/bench/compute/): with COOP/COEP (shared wasm memory, SharedArrayBuffer cancel flags) and without
// (one volume copy per worker, cancel messages). Results equal the TS reference; a newer job with the same
// key stops the older one before it finishes (counted in chunks).
import { describe, expect, it } from 'vitest';
import { runInChromium } from '../bench/compute/chromium';
import type { PoolCheck } from '../bench/compute/pool-page';
import { repoRoot } from '../helpers/studies';

describe('compute pool in Chromium', () => {
  for (const isolated of [true, false]) {
    it(`runs the kernels in workers and cancels stale jobs (crossOriginIsolated: ${isolated})`, async () => {
      const logs: string[] = [];
      const r = await runInChromium<PoolCheck>(repoRoot, '/tests/bench/compute/pool-page.html', '__runPoolCheck', (m) => logs.push(m), { isolated });
      expect(r.crossOriginIsolated, logs.join('\n')).toBe(isolated);
      expect(r.workers).toBeGreaterThanOrEqual(1);
      expect(r.cprMaxDiff).toBeLessThan(1e-3);
      expect(r.xsMaxDiff).toBeLessThan(1e-3);
      expect(r.cancelled).toBe(true);
      expect(r.chunksDone).toBeGreaterThan(0);
      expect(r.chunksDone).toBeLessThan(r.chunksTotal);
      expect(r.newerCount).toBe(3);
      expect(r.progressCalls).toBeGreaterThan(0);
    });
  }
});
