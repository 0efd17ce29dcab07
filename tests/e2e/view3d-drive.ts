// Drives the 3D view in a page (shared by the e2e test and the bench): long main-thread tasks watched with a
// PerformanceObserver, the view switched on, images awaited, the camera turned, pixels read.
import type { Page } from 'playwright-core';

type Hook = { view3d(): { state: string; images: number; quality?: string; firstImageMs?: number; heartFound?: boolean } | undefined };

/** Starts recording long tasks (≥ 50 ms) on the page's main thread; `longTasks` reads them. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
  });
}

/** Durations (ms) of the long tasks since watchLongTasks, and clears them. */
export async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => { const w = window as unknown as { __longTasks: number[] }; const t = w.__longTasks.slice(); w.__longTasks.length = 0; return t; });
}

/** Waits until the 3D view has painted more than `after` images and the last one is the full-quality image. */
export async function waitFull3d(page: Page, after: number, timeoutMs = 600_000): Promise<number> {
  await page.waitForFunction((n) => {
    const s = (window as unknown as { __coro: Hook }).__coro.view3d();
    return !!s && (s.state === 'failed' || (s.images > n && s.quality === 'full'));
  }, after, { timeout: timeoutMs, polling: 100 });
  const s = await page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.view3d());
  if (s?.state === 'failed') throw new Error('the 3D view failed');
  return s!.images;
}

/** Switches 3D on and waits for its first full image; ms from the click to it (the view's own count). */
export async function switch3dOn(page: Page): Promise<number> {
  await page.check('[data-testid="toggle-3d"]');
  await waitFull3d(page, 0);
  return page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.view3d()!.firstImageMs!);
}

/** `steps` drags of `dxPx` through the view's canvas with the real mouse, then waits for the full image; ms. */
export async function rotate3d(page: Page, steps: number, dxPx: number): Promise<number> {
  const box = (await page.locator('[data-testid="view3d-canvas"]').boundingBox())!;
  const before = await page.evaluate(() => (window as unknown as { __coro: Hook }).__coro.view3d()!.images);
  const t0 = Date.now();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x - (steps * dxPx) / 2, y);
  await page.mouse.down();
  for (let s = 1; s <= steps; s++) await page.mouse.move(x - (steps * dxPx) / 2 + s * dxPx, y, { steps: 1 });
  await page.mouse.up();
  await waitFull3d(page, before);
  return Date.now() - t0;
}

/** RGBA of the 3D canvas. */
export async function pixels3d(page: Page): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="view3d-canvas"]')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: c.width, height: c.height, data: Array.from(d.data) };
  });
}
