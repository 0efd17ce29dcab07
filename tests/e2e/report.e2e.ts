// Report panel on Cas 2 (issue 7): trace the LAD (CORO_REPORT_VESSELS=LAD,LCx adds the LCx) through the trace UI
// (truth points projected with the viewport API), the panel shows the CAD-RADS label (every vessel of every case:
// report-cases.e2e.ts); reload → everything is back; JSON export → import
// round trip; hostile imports (a real 50 MB file among them) refused or shown as plain text with nothing saved lost; SR round trip; PDF and
// vignettes open (pdftotext); answer key compared. Screenshots in test-output/screenshots/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, openApp, repoRoot, screenshot, waitForVolume } from './browser.ts';
import { readTruth, clickLps, type Lps } from './truth-points.ts';

interface TruthVessel { name: string; seeds: { ostiumLps: Lps }; points: { sMm: number; lps: Lps; lumenRadiusMm: number }[] }
interface TruthLesion { vessel: string; endSMm: number }
interface Truth { studyInstanceUid: string; vessels: TruthVessel[]; lesions: TruthLesion[]; cadRads: { label: string } }
interface SavedLesion { segment: number; involvedSegments?: number[]; diameterStenosisPct: number; mldMm?: number; mlaMm2?: number }
interface Work { studyInstanceUid: string; vessels: { name: string; waypointsLps: Lps[]; lesions: SavedLesion[] }[]; report: Record<string, unknown> }

const outDir = join(repoRoot, 'test-output', 'report');
/** vessels traced (CORO_REPORT_VESSELS=LAD,LCx adds the LCx; every vessel of the three cases: report-cases.e2e.ts) */
const VESSELS = (process.env.CORO_REPORT_VESSELS ?? 'LAD').split(',');
const t0 = Date.now();
const log = (m: string) => console.log(`[report e2e ${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
type Hook = { __coroVessel: { state(): { tracing: boolean; vessels: { status: string; name?: string }[] } } };
const vesselState = (page: Page) => page.evaluate(() => (window as unknown as Hook).__coroVessel.state());


/** Waits until `count` vessels exist and none is being measured. */
async function vesselsSettled(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => {
    const s = (window as unknown as Hook).__coroVessel?.state();
    return !!s && s.vessels.length === n && s.vessels.every((v) => v.status === 'ready' || v.status === 'failed');
  }, count, { timeout: 600_000, polling: 300 });
}

async function downloadOf(page: Page, testid: string, name: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click(`[data-testid="${testid}"]`)]);
  const path = join(outDir, name);
  await d.saveAs(path);
  return path;
}

async function savedAfter(page: Page, before: string | null): Promise<string> {
  await page.waitForFunction((b) => {
    const v = document.querySelector('[data-testid="report-saved"]')?.getAttribute('data-saved-at');
    return !!v && v !== b;
  }, before, { timeout: 60_000 });
  return (await page.getAttribute('[data-testid="report-saved"]', 'data-saved-at'))!;
}

const measurements = (w: Work) => w.vessels.map((v) => ({ name: v.name, lesions: v.lesions.map((l) => [l.segment, l.diameterStenosisPct, l.mldMm, l.mlaMm2]) }));

describe('report panel (Cas 2)', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let study: StudyIndexEntry;
  let truth: Truth;
  let exported: Work;
  let exportedPath: string;
  let label: string;
  let gradeInput: string;

  const openCase = async () => {
    await page.click(`[data-testid="open-${study.id}"]`);
    await waitForVolume(page);
  };

  beforeAll(async () => {
    mkdirSync(join(repoRoot, 'test-output', 'screenshots'), { recursive: true });
    mkdirSync(outDir, { recursive: true });
    study = ensureStudies().find((s) => s.id === 'cas2')!;
    truth = readTruth(study) as unknown as Truth;
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
    await page.setViewportSize({ width: 1280, height: 1500 });
    page.setDefaultTimeout(90_000); // an action that cannot happen fails with its reason instead of hanging
    // a clean database for this origin (a previous run's work would be restored otherwise)
    await page.evaluate(() => new Promise((r) => { const q = indexedDB.deleteDatabase('coroscanner'); q.onsuccess = q.onerror = q.onblocked = () => r(null); }));
    await openCase();
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'report-last').catch(() => undefined);
    await browser?.close();
  });

  it('traces the vessels and shows the CAD-RADS label', async () => {
    const names = VESSELS;
    for (const [i, name] of names.entries()) {
      const v = truth.vessels.find((x) => x.name === name)!;
      const end = Math.max(...truth.lesions.filter((l) => l.vessel === name).map((l) => l.endSMm));
      const distal = [...v.points].reverse().find((p) => p.lumenRadiusMm >= 0.75 && p.sMm > end + 30)!;
      if ((await vesselState(page)).tracing) await page.click('[data-testid="trace-vessel"]');
      await page.click('[data-testid="trace-vessel"]');
      await clickLps(page, v.seeds.ostiumLps);
      await clickLps(page, distal.lps);
      await vesselsSettled(page, i + 1);
      log(`${name} traced`);
      expect((await vesselState(page)).vessels[i]!.status).toBe('ready');
      await page.selectOption(`[data-testid="vessel-name-${i}"]`, name);
      // hidden while the next one is traced: the LCx starts on the LAD's ostium point, and a click on a point of
      // the selected vessel drags that point instead of starting a new vessel
      await page.uncheck(`[data-testid="vessel-show-${i}"]`);
    }
    await page.click('[data-testid="trace-vessel"]');
    for (const i of names.keys()) await page.check(`[data-testid="vessel-show-${i}"]`);
    await page.click('[data-testid="report-toggle"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="report-finding-"]').length >= 1, undefined, { timeout: 60_000 });
    label = (await page.textContent('[data-testid="report-label"]'))!;
    log(`Cas 2 browser label ${label} (truth ${truth.cadRads.label})`);
    // the 75 % LAD lesion (the vessel view measures it within ±10 points): category 3 or 4A
    expect(label).toMatch(/^CAD-RADS (3|4A)\//);
    gradeInput = (await page.getAttribute('[data-testid^="report-grade-"]', 'data-testid'))!;
    const text = (await page.textContent('[data-testid="report-text"]'))!;
    expect(text).toContain(label);
    expect(text).toMatch(/IVA|LAD/);
    await savedAfter(page, null);
    expect(await page.getAttribute('[data-testid="report-saved"]', 'data-vessels')).toBe(String(VESSELS.length));
    await page.locator('[data-testid="report-panel"]').screenshot({ path: join(repoRoot, 'test-output', 'screenshots', 'report-panel.png') });
  }, 900_000);

  it('an edited grade recomputes the label; the edits and the free text are saved', async () => {
    const before = await page.getAttribute('[data-testid="report-saved"]', 'data-saved-at');
    await page.fill(`[data-testid="${gradeInput}"]`, '100');
    await page.press(`[data-testid="${gradeInput}"]`, 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-label"]')?.textContent?.startsWith('CAD-RADS 5'), undefined, { timeout: 10_000 });
    await page.fill('[data-testid="report-free-text"]', 'Relecture : contrôle à 1 an.');
    await page.selectOption('[data-testid="report-dominance"]', 'right');
    await savedAfter(page, before);
    await page.waitForTimeout(600);
  });

  it('after a reload everything is back', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]');
    await openCase();
    await vesselsSettled(page, VESSELS.length);
    await page.click('[data-testid="report-toggle"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="report-finding-"]').length >= 1, undefined, { timeout: 60_000 });
    expect(await page.textContent('[data-testid="report-label"]')).toMatch(/^CAD-RADS 5/);
    expect(await page.inputValue(`[data-testid="${gradeInput}"]`)).toBe('100');
    expect(await page.inputValue('[data-testid="report-free-text"]')).toBe('Relecture : contrôle à 1 an.');
    expect(await page.inputValue('[data-testid="report-dominance"]')).toBe('right');
    const st = await vesselState(page);
    expect(st.vessels.map((v) => v.name)).toEqual(VESSELS);
    // back to the measured grade for the rest
    await page.fill(`[data-testid="${gradeInput}"]`, '');
    await page.press(`[data-testid="${gradeInput}"]`, 'Enter');
    await page.waitForFunction((l) => document.querySelector('[data-testid="report-label"]')?.textContent === l, label, { timeout: 10_000 });
    await page.waitForTimeout(800);
    await screenshot(page, 'report-after-reload');
    log('restored after reload');
  }, 900_000);

  it('JSON export → import gives the same measurements', async () => {
    exportedPath = await downloadOf(page, 'report-export-json', 'work.json');
    exported = JSON.parse(readFileSync(exportedPath, 'utf8')) as Work;
    expect(exported.studyInstanceUid).toBe(truth.studyInstanceUid);
    expect(exported.vessels.map((v) => v.name)).toEqual(VESSELS);
    expect(exported.vessels[0]!.lesions.length).toBeGreaterThan(0);
    // delete the vessels, then import: the vessels come back and are measured again
    for (const _ of VESSELS) await page.click('[data-testid="vessel-delete-0"]');
    await vesselsSettled(page, 0);
    await page.setInputFiles('[data-testid="report-import-json"]', exportedPath);
    await page.waitForFunction(() => /^(Travail importé|Work imported)/.test(document.querySelector('[data-testid="report-message"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await vesselsSettled(page, VESSELS.length);
    await page.waitForTimeout(1000);
    const again = JSON.parse(readFileSync(await downloadOf(page, 'report-export-json', 'work-again.json'), 'utf8')) as Work;
    expect(measurements(again)).toEqual(measurements(exported));
    log('JSON round trip');
  }, 900_000);

  it('hostile imports are refused with a clear message or shown as plain text; nothing saved is lost', async () => {
    const write = (name: string, data: string) => { const p = join(outDir, name); writeFileSync(p, data); return p; };
    const cases: [string, string, RegExp][] = [
      ['wrong-schema.json', JSON.stringify({ schema: 'other', version: 1 }), /schéma « other »/],
      ['wrong-version.json', JSON.stringify({ ...exported, version: 99 }), /Version 99/],
      ['other-study.json', JSON.stringify({ ...exported, studyInstanceUid: '1.2.3.4' }), /autre étude/],
      ['not-json.json', '{"schema": <script>', /pas un JSON valide/],
      ['huge.json', `{"schema":"coroscanner-work","pad":"${'x'.repeat(11 * 1024 * 1024)}"}`, /trop volumineux \(11\.0 Mo/],
    ];
    // a real 50 MB file (issue 7 §6), written in a temporary folder: refused from its size before it is read
    const big = join(mkdtempSync(join(tmpdir(), 'coro-report-50mb-')), 'huge-50mb.json');
    writeFileSync(big, Buffer.concat([Buffer.from('{"schema":"coroscanner-work","pad":"'), Buffer.alloc(50 * 1024 * 1024 - 40, 'x'), Buffer.from('"}')]));
    const savedBefore = await page.getAttribute('[data-testid="report-saved"]', 'data-saved-at');
    for (const [path, re] of [...cases.map(([name, data, re]) => [write(name, data), re] as const), [big, /trop volumineux \(50\.0 Mo/] as const]) {
      const tImport = Date.now();
      await page.setInputFiles('[data-testid="report-import-json"]', path);
      await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid="report-message"]')?.textContent ?? ''), re.source, { timeout: 30_000 });
      if (path === big) log(`50 MB import refused after ${Date.now() - tImport} ms (file input → message, noisy)`);
      expect(await page.getAttribute('[data-testid="report-message"]', 'data-kind')).toBe('error');
      expect(await page.textContent('[data-testid="report-message"]')).toMatch(/Rien n’a été importé|Rien n'a été importé/);
    }
    rmSync(big, { force: true });
    // nothing saved is lost: no save happened, the stored work is the one saved before
    expect(await page.getAttribute('[data-testid="report-saved"]', 'data-saved-at')).toBe(savedBefore);
    expect((await vesselState(page)).vessels.map((v) => v.name)).toEqual(VESSELS);
    expect(await page.textContent('[data-testid="report-label"]')).toBe(label);
    // a valid file whose text carries markup: imported, shown as plain text, never executed
    const scriptText = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const hostile = { ...exported, report: { ...exported.report, overrides: { freeText: scriptText } } };
    await page.setInputFiles('[data-testid="report-import-json"]', write('script.json', JSON.stringify(hostile)));
    await page.waitForFunction(() => /^(Travail importé|Work imported)/.test(document.querySelector('[data-testid="report-message"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await vesselsSettled(page, VESSELS.length);
    expect(await page.textContent('[data-testid="report-text"]')).toContain(scriptText);
    expect(await page.inputValue('[data-testid="report-free-text"]')).toBe(scriptText);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="report-panel"] img, [data-testid="report-panel"] script').count()).toBe(0);
    await page.fill('[data-testid="report-free-text"]', '');
    await page.waitForTimeout(800);
    log('hostile imports');
  }, 600_000);

  it('DICOM SR export imports back to the same measurements', async () => {
    const path = await downloadOf(page, 'report-export-sr', 'report-sr.dcm');
    await page.setInputFiles('[data-testid="report-import-sr"]', path);
    await page.waitForSelector('[data-testid="report-sr-lesion"]', { timeout: 30_000 });
    const ds = (await page.locator('[data-testid="report-sr-lesion"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ds'))))).sort();
    expect(ds).toEqual(exported.vessels.flatMap((v) => v.lesions.map((l) => l.diameterStenosisPct)).sort());
    expect(await page.textContent('[data-testid="report-sr"] strong')).toBe(label);
  });

  it('the PDF opens and contains the label; the key images are in it', async () => {
    const path = await downloadOf(page, 'report-pdf', 'report.pdf');
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain(label);
    expect(text).toMatch(/CPR/);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', path, join(repoRoot, 'test-output', 'screenshots', 'report-pdf')]);
    log('PDF');
  }, 600_000);

  it('vignettes: PNG with and without answers, slides with blanks', async () => {
    const q = unzipSync(readFileSync(await downloadOf(page, 'vignette-png', 'vignettes.zip')));
    const a = unzipSync(readFileSync(await downloadOf(page, 'vignette-png-answers', 'vignettes-answers.zip')));
    // one vignette per lesion of the named vessels, each with the three chosen views
    const names = Object.keys(q).sort();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length % 3).toBe(0);
    for (const n of names) expect(n).toMatch(/^lesion-\d+-[A-Za-z0-9]+-(axial|cpr|section)\.png$/);
    expect(Object.keys(a).sort()).toEqual(names.map((n) => n.replace(/\.png$/, '-reponses.png')).sort());
    for (const [n, b] of Object.entries({ ...q, ...a })) writeFileSync(join(repoRoot, 'test-output', 'screenshots', `vignette-${n}`), b);
    const pdf = await downloadOf(page, 'vignette-pdf', 'diaporama.pdf');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Réponse/);
    expect(text).not.toContain(label); // the answer is not on the slides
    expect(text).not.toMatch(/Cas 2|CORO-02/);
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', pdf, join(repoRoot, 'test-output', 'screenshots', 'report-diaporama')]);
  });

  it('answer key: saved by the teacher, loaded by the learner, compared', async () => {
    const key = await downloadOf(page, 'report-save-key', 'answer-key.json');
    expect(JSON.parse(readFileSync(key, 'utf8')).answerKey).toBe(true);
    await page.setInputFiles('[data-testid="report-load-key"]', key);
    await page.waitForSelector('[data-testid="compare-score"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="compare-score"]', 'data-score')).toBe('100');
    expect(await page.getAttribute('[data-testid="compare-labels"]', 'data-match')).toBe('true');
    // a key with one lesion graded differently and one removed: missed + difference shown
    const k = JSON.parse(readFileSync(key, 'utf8')) as Work;
    // 20 points apart, within 0–100 (a key above 100 % is refused on import)
    const shift = k.vessels[0]!.lesions[0]!.diameterStenosisPct <= 80 ? 20 : -20;
    k.vessels[0]!.lesions[0]!.diameterStenosisPct += shift;
    k.vessels[0]!.lesions.push({ ...k.vessels[0]!.lesions[0]!, segment: 3, diameterStenosisPct: 60, involvedSegments: [3] });
    const p = join(outDir, 'answer-key-2.json');
    writeFileSync(p, JSON.stringify(k));
    await page.setInputFiles('[data-testid="report-load-key"]', p);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="compare-score"]')?.getAttribute('data-score')) < 100, undefined, { timeout: 30_000 });
    const statuses = await page.locator('[data-testid="compare-lesion"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toContain('missed');
    // learner − key, with the page's decimal mark
    expect(await page.textContent('[data-testid="report-compare"]')).toMatch(shift > 0 ? /[-−]20[.,]0/ : /\+20[.,]0/);
    await page.locator('[data-testid="report-panel"]').screenshot({ path: join(repoRoot, 'test-output', 'screenshots', 'report-compare.png') });
    expect(errors.filter((e) => !/favicon|ERR_FILE_NOT_FOUND/.test(e))).toEqual([]);
  });
});
