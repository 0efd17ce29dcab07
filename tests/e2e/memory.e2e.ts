// Switching cases releases the previous volume: over ten switches the Cornerstone cache holds one
// volume and the page's heap + ArrayBuffer backing stores stay flat.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, openApp, screenshot, waitForVolume } from './browser.ts';

interface Sample { cacheBytes: number; volumes: number; heapBytes: number; backingBytes: number }

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number };
  const c = await page.evaluate(() => {
    const hook = (window as any).__coro;
    return { cacheBytes: hook.cacheBytes() as number, volumes: hook.volumeCount() as number };
  });
  return { ...c, heapBytes: usage.usedSize, backingBytes: (usage.backingStorageSize ?? 0) + (usage.embedderHeapUsedSize ?? 0) };
}

describe('memory over case switches', () => {
  let browser: Browser;
  let page: Page;
  let studies: StudyIndexEntry[];
  beforeAll(async () => {
    studies = ensureStudies();
    browser = await launch();
    ({ page } = await openApp(browser, inject('baseUrl')));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('stays flat over ten switches between Cas 1 and Cas 2', { timeout: 1_200_000 }, async () => {
    const cdp = await page.context().newCDPSession(page);
    const order = ['cas1', 'cas2'];
    const samples: Sample[] = [];
    for (let i = 0; i < 10; i++) {
      const study = studies.find((s) => s.id === order[i % 2])!;
      if (await page.isVisible('#home')) await page.click('#home');
      await page.click(`[data-testid="open-${study.id}"]`);
      await waitForVolume(page, 300_000);
      samples.push(await sample(page, cdp));
    }
    await screenshot(page, 'memory-after-10-switches');
    const volumeBytes = 512 * 512 * studies[0]!.imageCount * 2;
    console.log('[memory] MB per switch (cache, heap, backing):',
      samples.map((s) => [s.cacheBytes, s.heapBytes, s.backingBytes].map((b) => (b / 2 ** 20).toFixed(0)).join('/')).join('  '));
    for (const s of samples) expect(s.volumes).toBe(1);
    const ref = samples[1]!;
    const last = samples[samples.length - 1]!;
    // One leaked volume would add ≥ volumeBytes; allow a quarter of that for allocator noise.
    expect(last.cacheBytes).toBeLessThanOrEqual(ref.cacheBytes + volumeBytes / 4);
    expect(last.heapBytes + last.backingBytes).toBeLessThan(ref.heapBytes + ref.backingBytes + volumeBytes / 4);
    await cdp.detach();
  });
});
