// Picks truth centreline points in healthy, wide lumen (away from lesions) from a study's truth.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';

export type Lps = [number, number, number];
interface TruthPoint { sMm: number; lps: Lps; referenceRadiusMm: number; lumenRadiusMm: number }
interface Truth {
  vessels: { name: string; points: TruthPoint[] }[];
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
