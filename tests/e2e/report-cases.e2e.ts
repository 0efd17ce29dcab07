// Issue 7 §6 in the browser: for each training case, every truth vessel traced from its truth seeds (ostium →
// distal end, LPS mm, clicked on the axial view through the trace UI at the viewport-projected position) and
// named gives the truth CAD-RADS label in the report panel. One page, the three studies in turn. The PDF of each
// case is re-read (pdftotext: the label; pdfimages: a CPR and a cross-section per lesion) and rendered with
// pdftoppm into test-output/screenshots/. Truth is read only here, never by the app. The saved work of each case
// is written to test-output/report-cases/<case>-work.json (per-vessel lesions, to compare with `coro report`).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import type { ReportJson } from '../../src/cli/report.ts';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, openApp, repoRoot, screenshot, screenshotDir, waitForVolume } from './browser.ts';
import { readTruth, clickLps, type Lps } from './truth-points.ts';

interface TruthVessel { name: string; seeds: { ostiumLps: Lps; distalLps: Lps } }
interface Truth { vessels: TruthVessel[]; cadRads: { label: string } }
interface Work { vessels: { name: string; waypointsLps: Lps[]; lesions: { segment: number; diameterStenosisPct: number }[] }[] }
type Hook = { __coroVessel: { state(): { tracing: boolean; vessels: { status: string; name?: string; lesions: number }[] } } };

const outDir = join(repoRoot, 'test-output', 'report-cases');
const t0 = Date.now();
const log = (m: string) => console.log(`[report-cases ${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
const vesselState = (page: Page) => page.evaluate(() => (window as unknown as Hook).__coroVessel.state());
/**
 * Cases whose browser label is not the truth label: expected failures (it.fails) that flip when fixed. Cas 2 is
 * the one to watch: its HRP and P2 hang on the D1 ostial lesion, read from the clicked D1 ostium, and the LAD
 * lesion alone has one high-risk feature (low-attenuation plaque).
 */
const KNOWN_LABEL_GAPS = new Set<string>();
/** CORO_CASES=cas2 runs one case only */
const CASES = (process.env.CORO_CASES ?? 'cas1,cas2,cas3').split(',');


async function vesselsSettled(page: Page, count: number): Promise<void> {
  try {
    await page.waitForFunction((n) => {
      const s = (window as unknown as Hook).__coroVessel?.state();
      return !!s && s.vessels.length === n && s.vessels.every((v) => v.status === 'ready' || v.status === 'failed');
    }, count, { timeout: 300_000, polling: 200 });
  } catch (e) {
    throw new Error(`${count} vessels expected, state ${JSON.stringify(await vesselState(page))}: ${String(e).slice(0, 200)}`);
  }
}

async function downloadOf(page: Page, testid: string, path: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click(`[data-testid="${testid}"]`)]);
  await d.saveAs(path);
  return path;
}

const lesionList = (vessels: readonly { name: string; lesions: readonly { segment: number; diameterStenosisPct: number }[] }[]) =>
  vessels.map((v) => `${v.name}[${v.lesions.map((l) => `${l.segment}/${l.diameterStenosisPct.toFixed(1)}`).join(' ')}]`).join(' ');

/** `coro report` in this process on the points the browser traced (same src/ code, the Node volume). */
async function headlessReport(folder: string, work: Work, file: string): Promise<ReportJson> {
  writeFileSync(file, JSON.stringify(work.vessels.map((v) => ({ name: v.name, from: v.waypointsLps[0], to: v.waypointsLps.at(-1), via: v.waypointsLps.slice(1, -1) }))));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['report', join(studiesRoot, folder), '--vessels', file, '--json'], { lang: 'fr', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  if (code !== 0) throw new Error(`coro report exit ${code}: ${err.join(' ')}`);
  return JSON.parse(out.join('\n')) as ReportJson;
}

/** Grey mean and standard deviation of each image in a PDF (pdfimages writes them as PPM/PGM: read here). */
function pdfImageStats(pdf: string): { mean: number; sd: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'coro-pdf-images-'));
  try {
    execFileSync('pdfimages', [pdf, join(dir, 'img')]);
    return readdirSync(dir).filter((f) => /\.p[gp]m$/.test(f)).sort().map((f) => {
      const b = readFileSync(join(dir, f));
      const head = b.toString('latin1', 0, 64).match(/^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/);
      if (!head) throw new Error(`${f}: not a binary PPM/PGM`);
      const channels = head[1] === '6' ? 3 : 1;
      const n = Number(head[2]) * Number(head[3]);
      let sum = 0, sum2 = 0;
      for (let i = 0, o = head[0].length; i < n; i++, o += channels) { const g = b[o]!; sum += g; sum2 += g * g; }
      const mean = sum / n;
      return { mean, sd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Images per page of a PDF (pdfimages -list). */
function pdfImages(path: string): { page: number; width: number; height: number }[] {
  const lines = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => l.trim().split(/\s+/)).map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]) }));
}

describe('CAD-RADS label of the training cases in the browser (every truth vessel traced)', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const studies = ensureStudies();
  const readings = new Map<string, { label: string; found: string }>();

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    mkdirSync(screenshotDir, { recursive: true });
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
    await page.setViewportSize({ width: 1280, height: 1500 });
    page.setDefaultTimeout(90_000); // an action that cannot happen fails with its reason instead of hanging
    // a clean database for this origin (a previous run's work would be restored otherwise)
    await page.evaluate(() => new Promise((r) => { const q = indexedDB.deleteDatabase('coroscanner'); q.onsuccess = q.onerror = q.onblocked = () => r(null); }));
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'report-cases-last').catch(() => undefined);
    await browser?.close();
  });

  for (const id of CASES) {
    it(`${id}: every truth vessel traced and named; same lesions as coro report on the same points; PDF with the label and key images`, async () => {
      const study = studies.find((s) => s.id === id) as StudyIndexEntry;
      const truth = readTruth(study) as unknown as Truth;
      if (await page.isVisible('#home')) await page.click('#home');
      await page.click(`[data-testid="open-${id}"]`);
      await waitForVolume(page);
      log(`${id} open`);
      expect((await vesselState(page)).vessels).toHaveLength(0);
      for (const [i, v] of truth.vessels.entries()) {
        // trace mode on afresh: the next click starts a new vessel (a third click would add a waypoint)
        if ((await vesselState(page)).tracing) await page.click('[data-testid="trace-vessel"]');
        await page.click('[data-testid="trace-vessel"]');
        // seeds placed as a reader does, zoomed in (whole-pixel clicks on the vessel layout's smaller views land up to
        // ~0.4 mm off); how far the measurement depends on seed placement is tests/unit/vessel/seed-sensitivity's
        await clickLps(page, v.seeds.ostiumLps, { precise: true });
        await clickLps(page, v.seeds.distalLps, { precise: true });
        await vesselsSettled(page, i + 1);
        await page.selectOption(`[data-testid="vessel-name-${i}"]`, v.name);
        // hidden while the next ones are traced: a click on a point of the selected vessel drags that point, and
        // the next vessel often starts where this one ends (LAD and LCx at the LM's end); see the report
        await page.uncheck(`[data-testid="vessel-show-${i}"]`);
        log(`${id} ${v.name} traced`);
      }
      await page.click('[data-testid="trace-vessel"]');
      for (const i of truth.vessels.keys()) await page.check(`[data-testid="vessel-show-${i}"]`);
      const st = await vesselState(page);
      log(`${id}: ${st.vessels.length} vessels traced (${st.vessels.map((v) => `${v.name}:${v.status}/${v.lesions}`).join(' ')})`);
      expect(st.vessels.map((v) => v.name)).toEqual(truth.vessels.map((v) => v.name));
      expect(st.vessels.every((v) => v.status === 'ready')).toBe(true);

      if (await page.isHidden('[data-testid="report-panel"]')) await page.click('[data-testid="report-toggle"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="report-notes"]')?.getAttribute('data-analysing') === '0', undefined, { timeout: 60_000 });
      const label = (await page.textContent('[data-testid="report-label"]'))!;
      const work = JSON.parse(readFileSync(await downloadOf(page, 'report-export-json', join(outDir, `${id}-work.json`)), 'utf8')) as Work;
      const found = lesionList(work.vessels);
      log(`${id} browser label ${label} (truth ${truth.cadRads.label}); lesions ${found}`);
      await page.locator('[data-testid="report-panel"]').screenshot({ path: join(screenshotDir, `report-cases-${id}-panel.png`) });
      // the same points headless: one pipeline, so the same lesions (a difference is a browser/CLI divergence).
      // Segments are not compared: the vessel view proposes SCCT borders from landmarks, the CLI from lengths.
      const headless = await headlessReport(study.folder, work, join(outDir, `${id}-browser-points.json`));
      log(`${id} headless on the browser's points: ${headless.label}; lesions ${lesionList(headless.vessels)}`);
      const pcts = (vs: readonly { lesions: readonly { diameterStenosisPct: number }[] }[]) => vs.map((v) => v.lesions.map((l) => l.diameterStenosisPct));
      const browserPcts = pcts(work.vessels), headlessPcts = pcts(headless.vessels);
      expect(headlessPcts.map((l) => l.length)).toEqual(browserPcts.map((l) => l.length));
      const gaps = browserPcts.flatMap((l, i) => l.map((x, j) => Math.abs(x - headlessPcts[i]![j]!)));
      expect(Math.max(0, ...gaps)).toBeLessThanOrEqual(0.6);
      expect(await page.textContent('[data-testid="report-text"]')).toContain(label);

      // the PDF: the label in its text, a CPR and a cross-section image per lesion (≤ 3 per vessel), rendered
      const pdf = await downloadOf(page, 'report-pdf', join(outDir, `${id}-report.pdf`));
      expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain(label);
      const keyLesions = work.vessels.reduce((n, v) => n + Math.min(3, v.lesions.length), 0);
      const images = pdfImages(pdf);
      expect(images.length).toBe(2 * keyLesions);
      for (const im of images) expect(Math.min(im.width, im.height)).toBeGreaterThan(100);
      // each image has content (a vessel on tissue, not a blank or uniform canvas), each has its caption
      const stats = pdfImageStats(pdf);
      log(`${id} PDF image grey mean/sd: ${stats.map((x) => `${x.mean.toFixed(0)}/${x.sd.toFixed(0)}`).join(' ')}`);
      expect(stats).toHaveLength(images.length);
      for (const x of stats) expect(x.sd).toBeGreaterThan(8);
      const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
      expect(text.match(/\(CPR\)/g)?.length ?? 0).toBe(keyLesions);
      expect(text.match(/\(Coupe transversale\)/g)?.length ?? 0).toBe(keyLesions);
      execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(screenshotDir, `report-cases-${id}-pdf`)]);
      log(`${id} PDF: ${images.length} images on ${new Set(images.map((i) => i.page)).size} page(s)`);
      readings.set(id, { label, found });
      expect(errors.filter((e) => !/favicon|ERR_FILE_NOT_FOUND/.test(e))).toEqual([]);
    }, 1_200_000);
    (KNOWN_LABEL_GAPS.has(id) ? it.fails : it)(`${id}: the browser's CAD-RADS label is the truth label`, () => {
      const truth = readTruth(studies.find((s) => s.id === id) as StudyIndexEntry) as unknown as Truth;
      const r = readings.get(id);
      expect(r, 'the case was not traced').toBeDefined();
      expect(r).toMatchObject({ label: truth.cadRads.label });
    });
  }
});
