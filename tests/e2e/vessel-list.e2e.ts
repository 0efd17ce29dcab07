// Vessel list on Cas 1 with two traced vessels (LAD, D1): the LAD's lesion in the browser against `coro measure`
// on the same seeds (same analyse.ts stages), the LAD's segment 6 ending at the traced D1, then select, rename,
// show/hide, delete, and the vessels kept when another study is opened and this one again.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureStudies, repoRoot, studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';
import { launch, openApp, screenshotDir, waitForVolume } from './browser.ts';
import { readTruth, clickLps, type Lps } from './truth-points.ts';

interface TruthVessel { name: string; branchSMm: number | null; seeds: { ostiumLps: Lps; distalLps: Lps }; points: { sMm: number; lps: Lps; lumenRadiusMm: number }[] }
interface TruthLesion { vessel: string; sMm: number; diameterStenosisPct: number; startSMm: number; endSMm: number }
interface Truth { vessels: TruthVessel[]; lesions: TruthLesion[] }
interface HookVessel { id: string; name?: string; status: string; visible: boolean; points: number; lesions: number; lengthMm?: number }
interface Hook {
  state(): { tracing: boolean; vessels: HookVessel[] };
  lesionStats(): { sMm: number; mlaMm2: number; diameterStenosisPct: number }[];
}
const hook = (page: Page) => page.evaluate(() => (window as unknown as { __coroVessel: Hook }).__coroVessel.state());
const stats = (page: Page) => page.evaluate(() => (window as unknown as { __coroVessel: Hook }).__coroVessel.lesionStats());


async function settled(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => {
    const v = (window as unknown as { __coroVessel: Hook }).__coroVessel.state().vessels;
    return v.length === n && v.every((x) => x.status === 'ready' || x.status === 'failed');
  }, count, { timeout: 240_000, polling: 250 });
}

/** ostium seed, and the last truth point still ≥ 1.5 mm wide 30 mm beyond the vessel's lesions (the generated distal seed may end in unopacified lumen) */
function seedsOf(truth: Truth, name: string): [Lps, Lps] {
  const v = truth.vessels.find((x) => x.name === name)!;
  const end = Math.max(0, ...truth.lesions.filter((l) => l.vessel === name).map((l) => l.endSMm));
  const distal = [...v.points].reverse().find((p) => p.lumenRadiusMm >= 0.75 && p.sMm > end + 30) ?? v.points[v.points.length - 1]!;
  return [v.seeds.ostiumLps, distal.lps];
}

async function trace(page: Page, seeds: [Lps, Lps], count: number, name: string): Promise<void> {
  if ((await hook(page)).tracing) await page.click('[data-testid="trace-vessel"]');
  await page.click('[data-testid="trace-vessel"]');
  for (const p of seeds) await clickLps(page, p);
  await settled(page, count);
  expect((await hook(page)).vessels[count - 1]!.status).toBe('ready');
  await page.selectOption(`[data-testid="vessel-name-${count - 1}"]`, name);
  await page.click('[data-testid="trace-vessel"]'); // tracing off
}

describe('vessel list (Cas 1: LAD and D1)', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let truth: Truth;
  let cas1: StudyIndexEntry;

  beforeAll(async () => {
    cas1 = ensureStudies().find((s) => s.id === 'cas1')!;
    truth = readTruth(cas1) as unknown as Truth;
    browser = await launch();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.evaluate(() => new Promise((r) => { const q = indexedDB.deleteDatabase('coroscanner'); q.onsuccess = q.onerror = q.onblocked = () => r(null); }));
    await page.click('[data-testid="open-cas1"]');
    await waitForVolume(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the LAD lesion in the browser as `coro measure` does on the same seeds', async () => {
    const seeds = seedsOf(truth, 'LAD');
    await trace(page, seeds, 1, 'LAD');
    const browserLesions = await stats(page);
    const fmt = (p: Lps) => p.map((x) => x.toFixed(3)).join(',');
    // this tree's own CLI (what `npx --no coro` runs in the repository)
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'coro.mjs'), 'measure', join(studiesRoot, 'cas1'), `--from=${fmt(seeds[0])}`, `--to=${fmt(seeds[1])}`, '--json'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    expect(cli.status, cli.stderr).toBe(0);
    const measured = JSON.parse(cli.stdout) as { lesions: { sMm: number; diameterStenosisPct: number; mlaMm2: number }[] };
    const truthLesion = truth.lesions.filter((l) => l.vessel === 'LAD').reduce((a, b) => (b.diameterStenosisPct > a.diameterStenosisPct ? b : a));
    console.log('[Cas 1 LAD] truth', truthLesion.sMm, truthLesion.diameterStenosisPct, '| CLI', JSON.stringify(measured.lesions.slice(0, 3).map((l) => [l.sMm.toFixed(1), l.diameterStenosisPct.toFixed(1)])),
      '| browser', JSON.stringify(browserLesions.slice(0, 3).map((l) => [l.sMm.toFixed(1), l.diameterStenosisPct.toFixed(1)])));
    const cliAt = measured.lesions.find((l) => Math.abs(l.sMm - truthLesion.sMm) <= 3);
    const browserAt = browserLesions.find((l) => Math.abs(l.sMm - truthLesion.sMm) <= 3);
    expect(cliAt).toBeDefined();
    expect(browserAt).toBeDefined();
    expect(Math.abs(browserAt!.diameterStenosisPct - cliAt!.diameterStenosisPct)).toBeLessThanOrEqual(2);
    expect(Math.abs(browserAt!.diameterStenosisPct - truthLesion.diameterStenosisPct)).toBeLessThanOrEqual(10);
  });

  it('the LAD traced alone: segment 6 ends at the D1 seen in the image', async () => {
    await page.click('[data-testid="vessel-select-0"]');
    await page.waitForFunction(() => !!document.querySelector('[data-testid="profile-chart"]')?.getAttribute('data-segment-borders'));
    const borders = (await page.getAttribute('[data-testid="profile-chart"]', 'data-segment-borders'))!.split(',').map(Number);
    const d1 = truth.vessels.find((v) => v.name === 'D1')!;
    const branches = await page.evaluate(() => (window as unknown as { __coroVessel: { state(): { vessels: { branchesMm?: number[] }[] } } }).__coroVessel.state().vessels[0]!.branchesMm);
    console.log(`[Cas 1 LAD alone] openings seen ${JSON.stringify(branches?.map((b) => +b.toFixed(1)))}; 6|7 border ${borders[0]!.toFixed(1)}; truth D1 origin ${d1.branchSMm}`);
    expect(Math.abs(borders[0]! - d1.branchSMm!)).toBeLessThanOrEqual(3);
  });

  it('a traced D1 ends the LAD’s segment 6 at its ostium', async () => {
    await trace(page, seedsOf(truth, 'D1'), 2, 'D1');
    await page.click('[data-testid="vessel-select-0"]');
    await page.waitForFunction(() => !!document.querySelector('[data-testid="profile-chart"]')?.getAttribute('data-segment-borders'));
    const borders = (await page.getAttribute('[data-testid="profile-chart"]', 'data-segment-borders'))!.split(',').map(Number);
    const d1 = truth.vessels.find((v) => v.name === 'D1')!;
    expect(Math.abs(borders[0]! - d1.branchSMm!)).toBeLessThanOrEqual(3);
    expect(await page.textContent('[data-testid="segment-0"]')).toMatch(/^6 · /);
    await page.locator('[data-testid="panel-profile"]').screenshot({ path: join(screenshotDir, 'vessel-list-lad-segments.png') });
  });

  it('drags a segment border on the profile chart', async () => {
    const before = (await page.getAttribute('[data-testid="profile-chart"]', 'data-segment-borders'))!.split(',').map(Number);
    const over = page.locator('[data-testid="profile-chart"] .u-over');
    const box = (await over.boundingBox())!;
    const x = await page.evaluate((s) => {
      // the chart's x scale: first and last arc of the profile span the plot width
      const el = document.querySelector('[data-testid="profile-chart"] .u-over')!;
      const w = el.getBoundingClientRect().width;
      const len = (window as unknown as { __coroVessel: Hook }).__coroVessel.state().vessels[0]!.lengthMm!;
      return (s / len) * w;
    }, before[0]!);
    await page.mouse.move(box.x + x, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + x + 40, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const after = (await page.getAttribute('[data-testid="profile-chart"]', 'data-segment-borders'))!.split(',').map(Number);
    expect(after[0]!).toBeGreaterThan(before[0]! + 2);
    expect(await page.isDisabled('[data-testid="segments-propose"]')).toBe(false);
  });

  it('drags a segment border along the CPR', async () => {
    const borders = async () => (await page.getAttribute('[data-testid="profile-chart"]', 'data-segment-borders'))!.split(',').map(Number);
    const before = await borders();
    await page.locator('[data-testid="cpr-view"]').scrollIntoViewIfNeeded();
    const line = page.locator('[data-testid="cpr-segment-border"][data-border="0"]');
    await line.waitFor({ state: 'attached', timeout: 30_000 });
    const y = Number(await line.getAttribute('y1'));
    const box = (await page.locator('[data-testid="cpr-view"]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + y + 30, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="profile-chart"]')?.getAttribute('data-segment-borders')?.split(',')[0]) > b + 1, before[0]!, { timeout: 10_000 });
    const after = await borders();
    expect(after[0]!).toBeGreaterThan(before[0]! + 1);
    expect(after.slice(1)).toEqual(before.slice(1));
    // a drag on a border is not a rotation
    expect(await page.getAttribute('[data-testid="cpr-angle"]', 'data-deg')).toBe('0');
    await page.locator('[data-testid="panel-cpr"]').screenshot({ path: join(screenshotDir, 'vessel-list-cpr-segments.png') });
  });

  it('selects, renames, hides and deletes vessels; they are kept across a study switch', async () => {
    await page.click('[data-testid="vessel-select-1"]');
    expect(await page.getAttribute('[data-testid="vessel-1"]', 'class')).toContain('selected');
    await page.selectOption('[data-testid="vessel-name-1"]', 'D2');
    expect((await hook(page)).vessels.map((v) => v.name)).toEqual(['LAD', 'D2']);
    expect(await page.textContent('[data-testid="vessel-select-1"]')).toBe('Dg2'); // French short name of D2
    const drawn = () => page.locator('[data-testid^="mpr-centreline"]').count();
    const shownBefore = await drawn();
    await page.uncheck('[data-testid="vessel-show-1"]');
    expect(await page.isChecked('[data-testid="vessel-show-1"]')).toBe(false);
    expect(shownBefore).toBeGreaterThanOrEqual(2);
    expect((await hook(page)).vessels.map((v) => v.visible)).toEqual([true, false]);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="mpr-centreline"]').length < n, shownBefore, { timeout: 10_000 }).catch(() => undefined);
    const hidden = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="mpr-centreline"]')].map((e) => e.getAttribute('data-vessel')));
    const ids = (await hook(page)).vessels.map((v) => v.id);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((id) => id === ids[0])).toBe(true);
    await page.check('[data-testid="vessel-show-1"]');
    // switch to Cas 2 and back: both vessels are still there, measured again, with their names
    await page.click('#home');
    await page.click('[data-testid="open-cas2"]');
    await waitForVolume(page);
    expect((await hook(page)).vessels).toEqual([]);
    await page.click('#home');
    await page.click('[data-testid="open-cas1"]');
    await waitForVolume(page);
    await settled(page, 2);
    const back = (await hook(page)).vessels;
    expect(back.map((v) => [v.name, v.status])).toEqual([['LAD', 'ready'], ['D2', 'ready']]);
    expect(back[0]!.lesions).toBeGreaterThan(0);
    await page.click('[data-testid="vessel-delete-1"]');
    expect((await hook(page)).vessels.map((v) => v.name)).toEqual(['LAD']);
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
