// Lesion facts as a reader gives them, on the three training studies (sample-data/out read back through the
// DICOM ingest), every vessel traced from its truth seeds: the length from where the lumen leaves the reference to
// where it returns (truth: the lesion's start and end in truth.json), and the bifurcation lesions with their
// Medina class (truth: the side branch and the ostial stenoses in truth.json; Medina digit = ostial %DS ≥ 50).
// Coordinates: DICOM LPS mm; arc lengths from each vessel's ostium seed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { analyseVessel, type VesselAnalysis } from '../../../src/vessel/analyse.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { lesionBifurcation, MEDINA_DS_PCT, type BifurcationVessel } from '../../../src/vessel/bifurcation.ts';
import type { Truth, TruthLesion } from '../../../sample-data/truth.ts';

const TRACED: Record<string, readonly string[]> = { cas1: ['LAD', 'RCA'], cas2: ['LAD', 'LCx', 'D1'], cas3: ['LM', 'LAD', 'LCx', 'RCA'] };

interface Traced { caseId: string; truth: Truth; analyses: Map<string, VesselAnalysis> }
const cases: Traced[] = [];

const asBranch = (name: string, a: VesselAnalysis): BifurcationVessel => ({ id: name, pointsLps: a.centreline.pointsLps, profile: a.profile, lesions: a.lesions });

/** The measured lesion whose MLA lies in the truth lesion's span (± 2 mm). */
function measuredOf(c: Traced, t: TruthLesion) {
  return c.analyses.get(t.vessel)?.lesions.find((l) => l.sMm >= t.startSMm - 2 && l.sMm <= t.endSMm + 2);
}

describe('lesion facts on the training studies', () => {
  beforeAll(async () => {
    const solver = await createWasmPathSolver();
    for (const st of ensureStudies()) {
      const truth = JSON.parse(readFileSync(join(studiesRoot, st.truth), 'utf8')) as Truth;
      const { volume } = await loadVolume(join(studiesRoot, st.folder));
      const analyses = new Map<string, VesselAnalysis>();
      for (const name of TRACED[st.id] ?? []) {
        const v = truth.vessels.find((x) => x.name === name)!;
        analyses.set(name, analyseVessel(volume, { fromLps: v.seeds.ostiumLps, toLps: v.seeds.distalLps }, { solver }));
      }
      cases.push({ caseId: st.id, truth, analyses });
    }
  }, 900_000);

  it('the Cas 2 LAD lesion is 14 ± 1 mm long (the lesion search alone read 11.5)', () => {
    const c = cases.find((x) => x.caseId === 'cas2')!;
    const t = c.truth.lesions.find((l) => l.vessel === 'LAD')!;
    const l = measuredOf(c, t)!;
    expect(t.lengthMm).toBe(14);
    expect(Math.abs(l.extent.lengthMm - t.lengthMm), `${l.extent.startSMm.toFixed(1)}–${l.extent.endSMm.toFixed(1)}`).toBeLessThanOrEqual(1);
    expect(Math.abs(l.extent.startSMm - t.startSMm)).toBeLessThanOrEqual(1);
    expect(Math.abs(l.extent.endSMm - t.endSMm)).toBeLessThanOrEqual(1);
  });

  it('every truth lesion ≥ 25 %: the length is never further from the truth than the core run, median error ≤ 1.5 mm', () => {
    const errors: number[] = [];
    for (const c of cases) {
      for (const t of c.truth.lesions.filter((x) => x.diameterStenosisPct >= 25)) {
        const l = measuredOf(c, t);
        expect(l, `${c.caseId} ${t.id}`).toBeDefined();
        const err = Math.abs(l!.extent.lengthMm - t.lengthMm);
        expect(err, `${c.caseId} ${t.id}: ${l!.extent.lengthMm.toFixed(1)} vs ${t.lengthMm}`).toBeLessThanOrEqual(Math.abs(l!.lengthMm - t.lengthMm));
        errors.push(err);
      }
    }
    expect(errors.length).toBeGreaterThanOrEqual(5);
    errors.sort((a, b) => a - b);
    expect(errors[errors.length >> 1]!).toBeLessThanOrEqual(1.5);
  });

  it('every bifurcation lesion says so with its Medina class; no other lesion does', () => {
    for (const c of cases) {
      const traced = [...c.analyses].map(([name, a]) => asBranch(name, a));
      for (const t of c.truth.lesions) {
        const l = measuredOf(c, t);
        if (!l) continue;
        const main = c.analyses.get(t.vessel)!;
        const b = lesionBifurcation(asBranch(t.vessel, main), l.extent, l.sMm, traced, main.branchesMm);
        if (!t.bifurcation) { expect(b, `${c.caseId} ${t.id}`).toBeUndefined(); continue; }
        expect(b, `${c.caseId} ${t.id}`).toBeDefined();
        expect(b!.sideId, `${c.caseId} ${t.id}`).toBe(t.bifurcation.sideBranch);
        // the truth's stenoses through Medina's rule: the lesion itself proximal, the ostia of the daughters beyond
        const ostial = (v: string) => t.bifurcation!.ostialStenoses?.find((o) => o.vessel === v)?.diameterStenosisPct;
        const distalPct = b!.distalId ? ostial(b!.distalId)! : t.diameterStenosisPct;
        const expected = [t.diameterStenosisPct, distalPct, t.bifurcation.sideBranchDiameterStenosisPct].map((p) => (p >= MEDINA_DS_PCT ? 1 : 0));
        expect(b!.medina, `${c.caseId} ${t.id}`).toEqual(expected);
      }
    }
  });

  it('the Cas 2 LAD lesion is a bifurcation lesion from the image alone (D1 not traced): Medina 1,1 and the side branch unknown', () => {
    const c = cases.find((x) => x.caseId === 'cas2')!;
    const t = c.truth.lesions.find((l) => l.vessel === 'LAD')!;
    const l = measuredOf(c, t)!;
    const lad = c.analyses.get('LAD')!;
    const b = lesionBifurcation(asBranch('LAD', lad), l.extent, l.sMm, [], lad.branchesMm);
    const d1 = c.truth.vessels.find((v) => v.name === 'D1')!;
    expect(b).toBeDefined();
    expect(Math.abs(b!.branchSMm - d1.branchSMm!)).toBeLessThanOrEqual(2.5);
    expect(b!.medina).toEqual([1, 1, undefined]);
  });
});
