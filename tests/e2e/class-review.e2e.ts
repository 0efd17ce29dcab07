// Class review in the browser: three experts' keys per training case and 30 learners' readings generated from
// the truth with controlled errors (tests/e2e/review-readings.ts) are chosen at once through the file input. The
// page must show, per panel lesion, the expected found counts and grade distributions (learners and panel), the
// extra lesions on OM2, the refused files by name; the PDF (re-read with pdf-lib) must hold the same counts; a
// click on a lesion must open the viewer at the lesion's position on the truth centreline.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, studiesRoot } from '../helpers/studies.ts';
import { pdfPagesText } from '../helpers/pdf-text.ts';
import { importSr } from '../../src/report/sr.ts';
import { launch, openApp, renderSettled, screenshot, waitForVolume } from './browser.ts';
import { band, classFiles, EXTRA_SEGMENT, type CasePlan, type Truth } from './review-readings.ts';

const dir = mkdtempSync(join(tmpdir(), 'coro-review-'));
let browser: Browser;
let page: Page;
let plans: CasePlan[];
let paths: string[];

const countsOf = (values: string[]): Record<string, number> => {
  const m: Record<string, number> = {};
  for (const v of values) m[v] = (m[v] ?? 0) + 1;
  return m;
};

beforeAll(async () => {
  const studies = ensureStudies();
  const truths = studies.map((s) => JSON.parse(readFileSync(join(studiesRoot, s.truth), 'utf8')) as Truth);
  const files = classFiles(truths, [10, 9, 9]);
  plans = files.plans;
  paths = [...files.keys, ...files.readings].map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    return p;
  });
  expect(files.readings).toHaveLength(30);
  browser = await launch();
  page = (await openApp(browser, inject('baseUrl'))).page;
  // a projector's 1920 × 1080: the three cases side by side
  await page.setViewportSize({ width: 1920, height: 1080 });
});

afterAll(async () => {
  await browser?.close();
});

describe('class review', () => {
  it('loads keys and 30 readings at once: counts and distributions per lesion, refusals named', async () => {
    await page.click('[data-testid="open-review"]');
    await page.setInputFiles('[data-testid="review-files"]', paths);
    await page.waitForSelector('[data-testid="review"][data-generation="1"]');
    const summary = await page.$eval('[data-testid="review-summary"]', (e) => ({ ...(e as HTMLElement).dataset }));
    expect(summary).toMatchObject({ keys: '9', readings: '28', refused: '2' });
    const refused = await page.$$eval('[data-testid="review-refusal"]', (els) => els.map((e) => [(e as HTMLElement).dataset.file, (e as HTMLElement).dataset.code, e.textContent]));
    expect(refused.map((r) => [r[0], r[1]])).toEqual([['lecture-abimee.json', 'malformed'], ['lecture-autre-etude.json', 'other-study']]);
    expect(refused[1]![2]).toContain('Cas 9');

    const cases = await page.$$eval('[data-testid="review-case"]', (els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    expect(cases.map((c) => [c.case, c.learners])).toEqual(plans.map((p) => [p.truth.name, String(p.learners.length)]));
    for (const plan of plans) {
      const rows = await page.$$eval(`[data-testid="review-case"][data-case="${plan.truth.name}"] [data-testid="review-lesion"]`, (els) =>
        els.map((e) => ({ ...(e as HTMLElement).dataset })));
      expect(rows).toHaveLength(plan.truth.lesions.length);
      plan.truth.lesions.forEach((l, j) => {
        const row = rows.find((r) => r.segment === String(l.segment))!;
        const reported = plan.learners.map((p) => p.dsPct[j]!).filter((v) => v !== null);
        expect(row.found, `${plan.truth.name} ${l.id}`).toBe(String(reported.length));
        const expected = countsOf(plan.learners.map((p) => (p.dsPct[j] === null ? 'absent' : band(p.dsPct[j]!))));
        expect(JSON.parse(row.answers!)).toEqual(expected);
        expect(JSON.parse(row.panelAnswers!)).toEqual(countsOf(plan.expertsDsPct[j]!.map(band)));
      });
      // most missed first
      const missed = rows.map((r) => Number(r.missed));
      expect(missed).toEqual([...missed].sort((a, b) => b - a));
      const fp = await page.$$eval(`[data-testid="review-case"][data-case="${plan.truth.name}"] [data-testid="review-fp"]`, (els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
      expect(fp.map((f) => [f.segment, f.lesions])).toEqual([[String(EXTRA_SEGMENT), String(plan.learners.filter((p) => p.extra).length)]]);
      const dist = await page.$$eval(`[data-testid="review-case"][data-case="${plan.truth.name}"] [data-testid="review-dist"][data-kind="category"]`, (els) =>
        els.map((e) => ({ ...(e as HTMLElement).dataset })));
      expect(dist.find((d) => d.value === (plan.truth as Truth).cadRads.category)?.experts).toBe('3');
      expect(dist.reduce((s, d) => s + Number(d.learners), 0)).toBe(plan.learners.length);
      const learners = await page.$$eval(`[data-testid="review-case"][data-case="${plan.truth.name}"] [data-testid="review-learner"]`, (els) =>
        els.map((e) => ({ extra: (e as HTMLElement).dataset.extra, name: e.querySelector("td")!.textContent })));
      expect(learners.map((r) => r.extra)).toEqual(plan.learners.map((p) => (p.extra ? '1' : '0')));
      expect(learners.every((r) => /^Apprenant \d+$/.test(r.name ?? ''))).toBe(true);
    }
    mkdirSync(join(dir, 'shots'), { recursive: true });
    await screenshot(page, 'class-review-fr');
    await page.selectOption('[data-testid="lang"]', 'en');
    await page.check('[data-testid="review-show-names"]');
    expect(await page.textContent('[data-testid="review-learner"] td')).toBe('eleve-1-1');
    await screenshot(page, 'class-review-en');
    await page.uncheck('[data-testid="review-show-names"]');
    await page.selectOption('[data-testid="lang"]', 'fr');
  });

  it('the PDF holds the same counts and the CSV one row per learner', async () => {
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-pdf"]')]);
    const pdfPath = join(dir, 'review.pdf');
    await pdf.saveAs(pdfPath);
    const pages = await pdfPagesText(new Uint8Array(readFileSync(pdfPath)));
    const lines = pages.flat();
    expect(lines).toContain('Revue de la classe');
    for (const plan of plans) {
      expect(lines).toContain(`${plan.truth.name} — panel de 3 expert(s), ${plan.learners.length} apprenant(s)`);
      const section = pages.findIndex((p) => p.includes(`${plan.truth.name} — panel de 3 expert(s), ${plan.learners.length} apprenant(s)`));
      const sectionLines = pages.slice(section, section + 2).flat();
      plan.truth.lesions.forEach((l, j) => {
        const at = sectionLines.findIndex((s) => s.endsWith(` · ${l.vessel} · ${l.segment}`));
        expect(at, `${plan.truth.name} ${l.id}`).toBeGreaterThanOrEqual(0);
        const found = plan.learners.filter((p) => p.dsPct[j] !== null).length;
        expect(sectionLines[at + 1]).toBe(`${found}/${plan.learners.length}`);
      });
      expect(sectionLines.some((s) => s.startsWith(`Segment ${EXTRA_SEGMENT} `) && s.includes(`${plan.learners.filter((p) => p.extra).length} lésion(s)`))).toBe(true);
    }
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-csv"]')]);
    const csvPath = join(dir, 'review.csv');
    await csv.saveAs(csvPath);
    const [learnerPart, lesionPart] = readFileSync(csvPath, 'utf8').split('\r\n\r\n');
    expect(learnerPart!.split('\r\n')).toHaveLength(1 + 28);
    expect(lesionPart!.trim().split('\r\n')).toHaveLength(1 + plans.reduce((s, p) => s + p.truth.lesions.length, 0));
  });

  it('a lesion row opens the viewer on the case at the lesion', async () => {
    // Cas 1: native slices (its decoding needs no codec wasm)
    const plan = plans[0]!;
    const lesion = plan.truth.lesions.find((l) => l.vessel === 'RCA')!;
    const vessel = plan.truth.vessels.find((v) => v.name === lesion.vessel)!;
    const truthLps = vessel.points.reduce((a, p) => (Math.abs(p.sMm - lesion.sMm) < Math.abs(a.sMm - lesion.sMm) ? p : a)).lps;
    await page.click(`[data-testid="review-case"][data-case="${plan.truth.name}"] [data-testid="review-lesion"][data-segment="${lesion.segment}"] [data-testid="review-open-lesion"]`);
    await waitForVolume(page);
    await page.waitForFunction((p) => {
      const c = (window as unknown as { __coro: { crosshair(): number[] | undefined } }).__coro.crosshair();
      return !!c && Math.hypot(c[0]! - p[0], c[1]! - p[1], c[2]! - p[2]) < 5;
    }, truthLps, { timeout: 30_000 });
    const at = await page.evaluate(() => (window as unknown as { __coro: { crosshair(): number[] } }).__coro.crosshair());
    // the key places the lesion at its MLD arc length on the truth centreline: within a point spacing (0.25 mm)
    expect(Math.hypot(at[0]! - truthLps[0], at[1]! - truthLps[1], at[2]! - truthLps[2])).toBeLessThan(0.5);
    expect(await page.isVisible('[data-testid="review"]')).toBe(false);
    await renderSettled(page);
    // the MLD point of the truth centreline is in the contrast-filled lumen (arterial phase: 300–550 HU, less in
    // a narrowed lumen under partial volume; myocardium and fat stay below 150)
    const hu = await page.evaluate((p) => (window as unknown as { __coro: { getHU(p: number[]): number | undefined } }).__coro.getHU(p), at);
    expect(hu).toBeGreaterThan(150);
    await screenshot(page, 'class-review-open-lesion');
  });

  it("a learner's exports name the case and carry the chosen pseudonym, nothing else about the reader", async () => {
    // the viewer is on Cas 1, opened from the review as a bundled case
    await page.click('[data-testid="report-toggle"]');
    await page.fill('[data-testid="report-pseudonym"]', '  Lynx 7 ');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-export-json"]')]);
    const jsonPath = join(dir, 'learner.json');
    await json.saveAs(jsonPath);
    const work = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>;
    expect([work.caseName, work.pseudonym, work.author]).toEqual([plans[0]!.truth.name, 'Lynx 7', undefined]);
    expect(work.studyInstanceUid).toBe(plans[0]!.truth.studyInstanceUid);
    const [sr] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-export-sr"]')]);
    const srPath = join(dir, 'learner.dcm');
    await sr.saveAs(srPath);
    const read = importSr(new Uint8Array(readFileSync(srPath)));
    expect([read.caseName, read.pseudonym]).toEqual([plans[0]!.truth.name, 'Lynx 7']);
    // the patient's name and ID of the study (CORO-01^Anonyme, CORO-01) are nowhere in the exports
    for (const p of [jsonPath, srPath]) expect(readFileSync(p, 'latin1')).not.toMatch(/CORO-0\d|Anonyme/);
  });
});
