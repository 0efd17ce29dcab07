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

/** Centres the views on `lps` (the goto field), then clicks its projection on the axial view. */
export async function clickLps(page: Page, lps: Lps): Promise<void> {
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
