// Picks truth centreline points in healthy, wide lumen (away from lesions) from a study's truth.json, and
// clicks an LPS point on the axial view (the e2e tests' trace seeds).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';

export type Lps = [number, number, number];
interface TruthPoint { sMm: number; lps: Lps; referenceRadiusMm: number; lumenRadiusMm: number }
interface Truth {
  vessels: { name: string; seeds: { ostiumLps: Lps }; points: TruthPoint[] }[];
  lesions: { vessel: string; startSMm: number; endSMm: number }[];
}

export function readTruth(study: StudyIndexEntry): Truth {
  return JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
}

/** One point per listed vessel: lumen radius ≥ minRadiusMm, equal to the reference, ≥ 5 mm from any lesion. */
export function healthyLumenPoints(truth: Truth, vessels = ['LM', 'LAD', 'RCA'], minRadiusMm = 1.4): { vessel: string; lps: Lps }[] {
  const out: { vessel: string; lps: Lps }[] = [];
  for (const name of vessels) {
    const v = truth.vessels.find((x) => x.name === name);
    if (!v) continue;
    const lesions = truth.lesions.filter((l) => l.vessel === name);
    const ok = v.points.filter(
      (p) =>
        p.lumenRadiusMm >= minRadiusMm &&
        Math.abs(p.lumenRadiusMm - p.referenceRadiusMm) < 1e-6 &&
        lesions.every((l) => p.sMm < l.startSMm - 5 || p.sMm > l.endSMm + 5),
    );
    const p = ok[Math.floor(ok.length / 3)];
    if (p) out.push({ vessel: name, lps: p.lps });
  }
  return out;
}

type ViewHook = { __coro: { view(v: string): { parallelScale: number } | undefined } };

/** Axial mm per screen pixel (parallel scale is half the view's world height). */
async function axialMmPerPx(page: Page): Promise<number> {
  const box = (await page.locator('#view-axial').boundingBox())!;
  const v = await page.evaluate(() => (window as unknown as ViewHook).__coro.view('axial'));
  return v ? (2 * v.parallelScale) / box.height : NaN;
}

/**
 * Zooms the axial view in by right-drags, as a reader does before placing a seed, until a screen pixel is at most
 * `mmPerPx`: whole-pixel clicks then land within half that of the point.
 */
async function zoomAxialTo(page: Page, mmPerPx: number): Promise<void> {
  let dir = -1;
  for (let k = 0; k < 6; k++) {
    const before = await axialMmPerPx(page);
    if (!(before > mmPerPx)) return;
    const box = (await page.locator('#view-axial').boundingBox())!;
    const c = [box.x + box.width / 2, box.y + box.height / 2] as const;
    await page.mouse.move(c[0], c[1]);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(c[0], c[1] + dir * Math.min(120, box.height / 3), { steps: 8 });
    await page.mouse.up({ button: 'right' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (await axialMmPerPx(page) > before) dir = -dir;
  }
}

/**
 * Centres the views on `lps` (the goto field), then clicks its projection on the axial view; `precise`: the axial
 * view is zoomed in first so that the click lands within 0.1 mm of the point.
 */
export async function clickLps(page: Page, lps: Lps, opts: { precise?: boolean } = {}): Promise<void> {
  if (opts.precise) await zoomAxialTo(page, 0.2);
  await page.fill('[data-testid="goto"]', lps.map((v) => v.toFixed(3)).join(', '));
  await page.press('[data-testid="goto"]', 'Enter');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const xy = await page.evaluate((p) => (window as unknown as { __coro: { worldToClient(v: string, p: Lps): [number, number] | undefined } }).__coro.worldToClient('axial', p), lps);
  if (!xy) throw new Error(`point ${lps.join(', ')} is outside the axial view`);
  // mouse events carry whole pixels (a fractional position is truncated): the nearest pixel halves the seed error
  await page.mouse.click(Math.round(xy[0]), Math.round(xy[1]));
}

type VesselHook = { __coroVessel?: { state(): { vessels: { status: string }[] } } };

/**
 * Traces the LAD from its truth ostium to a wide truth point 30 mm past its last lesion (trace mode is left on),
 * and waits until the vessel is measured or has failed; returns its status.
 */
export async function traceLadFromTruth(page: Page, study: StudyIndexEntry): Promise<string | undefined> {
  const truth = readTruth(study);
  const lad = truth.vessels.find((v) => v.name === 'LAD')!;
  const end = Math.max(...truth.lesions.filter((l) => l.vessel === 'LAD').map((l) => l.endSMm));
  const distal = [...lad.points].reverse().find((p) => p.lumenRadiusMm >= 0.75 && p.sMm > end + 30)!;
  await page.click('[data-testid="trace-vessel"]');
  await clickLps(page, lad.seeds.ostiumLps);
  await clickLps(page, distal.lps);
  await page.waitForFunction(() => {
    const s = (window as unknown as VesselHook).__coroVessel?.state();
    return !!s && s.vessels.length === 1 && s.vessels.every((v) => v.status === 'ready' || v.status === 'failed');
  }, undefined, { timeout: 600_000, polling: 300 });
  return page.evaluate(() => (window as unknown as VesselHook).__coroVessel?.state().vessels[0]?.status);
}
