// Every layout fits 1440×900 with no page scroll, in French and English, in each state a reader meets: "Lecture MPR"
// before and after a vessel is traced, the report drawer open and closed, the keyboard map ("?") open, the 3D view on;
// "Analyse vasculaire" with one or three MPR views and the drawer. Each state is photographed
// (test-output/screenshots/fit-<layout>-<state>-<lang>.png). Cas 2, LAD traced from its truth seeds.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, renderSettled, screenshot, waitForVolume } from './browser.ts';
import { traceLadFromTruth } from './truth-points.ts';
import { switch3dOn } from './view3d-drive.ts';

const W = 1440, H = 900;

/** How far the page scrolls, and which elements stick out of the window (the culprits when it does). */
async function overflow(page: Page): Promise<{ dy: number; dx: number; outside: string[] }> {
  return page.evaluate(([w, h]) => {
    const se = document.scrollingElement!;
    const outside: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
      if (r.bottom > h! + 0.5 || r.right > w! + 0.5) outside.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''} ${Math.round(r.right)}×${Math.round(r.bottom)}`);
    }
    return { dy: se.scrollHeight - se.clientHeight, dx: se.scrollWidth - se.clientWidth, outside: outside.slice(0, 8) };
  }, [W, H]);
}

describe('layouts fit 1440×900 without page scroll', () => {
  let browser: Browser;
  let page: Page;
  let cas2: StudyIndexEntry;
  const errors: string[] = [];
  const failures: string[] = [];

  /** records the state's overflow (all states are walked before the test judges them) */
  async function check(state: string): Promise<void> {
    await renderSettled(page);
    const o = await overflow(page);
    await screenshot(page, `fit-${state}`);
    if (o.dy > 0 || o.dx > 0) failures.push(`${state}: page scrolls ${o.dx}×${o.dy} px; outside: ${o.outside.join(', ')}`);
  }
  const drawer = async (open: boolean) => {
    const pressed = (await page.getAttribute('[data-testid="report-toggle"]', 'aria-pressed')) === 'true';
    if (pressed !== open) await page.click('[data-testid="report-toggle"]');
    if (open) await page.waitForSelector('[data-testid="report-panel"]', { state: 'visible' });
  };

  beforeAll(async () => {
    cas2 = ensureStudies().find((s) => s.id === 'cas2')!;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(120_000);
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl') + '/', { waitUntil: 'load', timeout: 180_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('"Lecture MPR" and "Analyse vasculaire" in every state, FR and EN', async () => {
    for (const lang of ['fr', 'en'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      await check(`start-${lang}`);
    }
    await page.selectOption('[data-testid="lang"]', 'fr');
    await page.click(`[data-testid="open-${cas2.id}"]`);
    await waitForVolume(page);
    for (const lang of ['fr', 'en'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      await check(`mpr-open-${lang}`);
      await drawer(true);
      await check(`mpr-report-${lang}`);
      // nothing measured yet: the label is greyed and says why
      expect(await page.getAttribute('[data-testid="report-label"]', 'data-partial')).toBe('true');
      expect(await page.getAttribute('[data-testid="report-label"]', 'title')).toBe(lang === 'fr' ? 'Aucun vaisseau mesuré : ce score ne décrit pas encore le patient.' : 'No vessel measured: this score does not describe the patient yet.');
      await drawer(false);
      await page.keyboard.press('?');
      await page.waitForSelector('[data-testid="reading-map"]', { state: 'visible' });
      await check(`mpr-keys-${lang}`);
      await page.click('[data-testid="reading-map-close"]');
    }
    expect(await traceLadFromTruth(page, cas2)).toBe('ready');
    await page.click('[data-testid="trace-vessel"]'); // tracing off
    for (const lang of ['fr', 'en'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      for (const mpr of ['axial', 'all'] as const) {
        await page.selectOption('[data-testid="layout-mpr-views"]', mpr);
        await check(`vessel-${mpr}-${lang}`);
        await drawer(true);
        await check(`vessel-${mpr}-report-${lang}`);
        await drawer(false);
      }
      await page.click('[data-testid="layout-mpr"]');
      await check(`mpr-traced-${lang}`);
      await drawer(true);
      await check(`mpr-traced-report-${lang}`);
      await drawer(false);
      await page.click('[data-testid="layout-vessel"]');
    }
    await page.click('[data-testid="layout-mpr"]');
    await switch3dOn(page);
    for (const lang of ['fr', 'en'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      await check(`mpr-3d-${lang}`);
      await drawer(true);
      await check(`mpr-3d-report-${lang}`);
      await drawer(false);
    }
    expect(failures).toEqual([]);
    expect(errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
  }, 900_000);
});
