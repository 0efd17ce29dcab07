// Every string the user can meet is in the chosen language. At 1440×900 on Cas 2, in French then in English: the
// start page, a bundled case whose download fails (network), the case opened with the LAD traced from truth seeds
// and named, the crosshair readout, the "?" map, the report drawer with its autosave line and an answer key
// compared; then the language switched with all of it on screen. Each time the whole DOM is walked (every text
// node, title, placeholder, aria-label, alt, hidden ones too) and no word of the other language (words of one
// catalogue that the other never uses, plus a few common words) nor its decimal mark may be found. Text read
// from the DICOM files (names, descriptions) is not the UI's language and is left out.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, screenshot, waitForVolume } from './browser.ts';
import { traceLadFromTruth } from './truth-points.ts';
import { CATALOGUE_FILES, foreignDecimals, foreignWords, languageWords } from './language-words.ts';
import { readdirSync } from 'node:fs';
import { repoRoot } from './browser.ts';
import type { Lang } from '../../src/i18n/lang.ts';

interface Shown { where: string; text: string }
interface Hit extends Shown { state: string; lang: Lang; foreign: string[] }

/** Every text node and user-facing attribute of the page, with where it sits (the nearest test id or id). */
function shownTexts(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const out: { where: string; text: string }[] = [];
    const where = (e: Element | null): string => {
      const parts: string[] = [];
      for (let n = e; n && parts.length < 3; n = n.parentElement) {
        const id = n.getAttribute('data-testid') ?? (n.id ? `#${n.id}` : '');
        if (id) parts.unshift(id);
      }
      return `${parts.join(' > ')} <${e?.tagName.toLowerCase()}>`;
    };
    // the language menu names both languages; text taken from the files is the files' language
    const skip = (e: Element | null) => !!e?.closest('#lang, [data-from-file]');
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || /^(SCRIPT|STYLE)$/.test(p.tagName) || skip(p)) continue;
      const text = (n.nodeValue ?? '').trim();
      if (text) out.push({ where: where(p), text });
    }
    for (const e of document.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
      if (skip(e)) continue;
      for (const a of ['title', 'placeholder', 'aria-label', 'alt']) {
        const v = e.getAttribute(a)?.trim();
        if (v) out.push({ where: `${where(e)} @${a}`, text: v });
      }
    }
    return out;
  });
}

describe('the whole UI speaks one language at a time', () => {
  let browser: Browser;
  let page: Page;
  let cas2: StudyIndexEntry;
  let keyDir: string;
  const sets = languageWords();
  const hits: Hit[] = [];
  const errors: string[] = [];

  /** Walks the page as shown in `lang` and records every foreign word or decimal. */
  const check = async (state: string, lang: Lang) => {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    const texts = await shownTexts(page);
    expect(texts.length).toBeGreaterThan(20);
    for (const t of texts) {
      const foreign = [...foreignWords(t.text, lang, sets), ...foreignDecimals(t.text, lang)];
      if (foreign.length) hits.push({ ...t, state, lang, foreign });
    }
    await screenshot(page, `language-walk-${state}-${lang}`);
  };

  beforeAll(async () => {
    cas2 = ensureStudies().find((s) => s.id === 'cas2')!;
    keyDir = mkdtempSync(join(tmpdir(), 'coro-key-'));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  for (const lang of ['fr', 'en'] as const) {
    const other: Lang = lang === 'fr' ? 'en' : 'fr';
    it(`in ${lang}, then switched to ${other}: no string of the other language anywhere`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
      page = await ctx.newPage();
      page.setDefaultTimeout(120_000);
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const ready = async () => {
        await page.goto(inject('baseUrl') + '/', { waitUntil: 'load', timeout: 180_000 });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
      };
      await ready();
      if (lang !== 'fr') {
        await page.selectOption('[data-testid="lang"]', lang);
        await ready(); // the start page as built in that language
      }
      await check('start', lang);

      // a bundled case whose files cannot be fetched (network down): the message is in the UI's language
      const cas1 = ensureStudies().find((s) => s.id === 'cas1')!;
      await page.route(`**/studies/${cas1.folder}/**`, (r) => r.abort('internetdisconnected'));
      await page.click('[data-testid="open-cas1"]');
      await page.waitForSelector('[data-testid="error"]', { state: 'visible', timeout: 60_000 });
      await check('open-failed', lang);
      await page.unroute(`**/studies/${cas1.folder}/**`);

      await page.click(`[data-testid="open-${cas2.id}"]`);
      await waitForVolume(page);
      expect(await traceLadFromTruth(page, cas2)).toBe('ready');
      await page.click('[data-testid="trace-vessel"]'); // tracing off
      await page.selectOption('[data-testid="vessel-name-0"]', 'LAD');
      const axial = (await page.locator('#view-axial').boundingBox())!;
      await page.mouse.move(axial.x + axial.width * 0.45, axial.y + axial.height * 0.55);
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="crosshair-readout"]')?.textContent ?? ''));
      await check('vessel', lang);

      await page.keyboard.press('?');
      await page.waitForSelector('[data-testid="reading-map"]', { state: 'visible' });
      await check('keymap', lang);
      await page.keyboard.press('Escape');

      await page.click('[data-testid="report-toggle"]');
      await page.waitForSelector('[data-testid="vignette-lesion-0"]', { timeout: 60_000 });
      await page.waitForFunction(() => !!document.querySelector('[data-testid="report-saved"]')?.textContent, undefined, { timeout: 60_000 });
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-save-key"]')]);
      const key = join(keyDir, `key-${lang}.json`);
      await dl.saveAs(key);
      await page.setInputFiles('[data-testid="report-load-key"]', key);
      await page.waitForSelector('[data-testid="compare-score"]');
      await check('report', lang);

      // everything above, relabelled in the other language
      await page.selectOption('[data-testid="lang"]', other);
      await page.keyboard.press('?');
      await check('report-switched', other);
      await page.keyboard.press('Escape');
      await page.click('[data-testid="report-close"]');
      await check('vessel-switched', other);
      await ctx.close();
    });
  }

  it('reads every catalogue of the source (a file named *i18n*, messages.ts or text-fr/en.ts)', () => {
    const walk = (d: string): string[] => readdirSync(join(repoRoot, d), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(`${d}/${e.name}`) : [`${d}/${e.name}`]));
    const catalogues = walk('src').filter((f) => /i18n[^/]*\.ts$|\/messages\.ts$|text-(fr|en)\.ts$/.test(f) || /^src\/i18n\/[^/]+\.ts$/.test(f));
    expect(catalogues.filter((f) => !(CATALOGUE_FILES as readonly string[]).includes(f) && !/\/(index|lang|number|catalogue)\.ts$/.test(f))).toEqual([]);
  });

  it('found no string of the other language', () => {
    const lines = hits.map((h) => `${h.lang} ${h.state} ${h.where}: “${h.text.slice(0, 160)}” → ${h.foreign.join(', ')}`);
    expect([...new Set(lines)]).toEqual([]);
    expect(errors.filter((e) => !/favicon|status of 404|internetdisconnected|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
