// `npx --no coro measure <CORO-03b study> --from <RCA ostium> --to <RCA distal end> --json`, the command a user
// types, on the variant written as DICOM on demand (sample-data/out/cas3b/): the RCA total occlusion gives
// maxDiameterStenosisPct 100. Seeds and the check of where the occlusion is come from the variant's truth.json
// (tests only). LPS mm; measured sMm from --from, truth s from the RCA ostium.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeasureJson } from '../../../src/cli/measure.ts';
import type { Truth, TruthVessel } from '../../../sample-data/truth.ts';
import { repoRoot } from '../../helpers/studies.ts';
import { occlusionStudy } from '../phantom/variant-study.ts';
import { caseTruth } from '../vessel/phantom-eval.ts';

const run = promisify(execFile);
const pt = (p: readonly number[]): string => p.map((v) => v.toFixed(3)).join(',');

function truthS(v: TruthVessel, p: readonly number[]): { s: number; d: number } {
  let best = Infinity, s = 0;
  for (const tp of v.points) {
    const d = Math.hypot(tp.lps[0] - p[0]!, tp.lps[1] - p[1]!, tp.lps[2] - p[2]!);
    if (d < best) { best = d; s = tp.sMm; }
  }
  return { s, d: best };
}

describe('coro measure on CORO-03b (RCA total occlusion)', () => {
  let truth: Truth;
  let j: MeasureJson;
  let stderr: string;
  beforeAll(async () => {
    const study = await occlusionStudy();
    truth = study.truth;
    const rca = truth.vessels.find((v) => v.name === 'RCA')!;
    // --from=… : the coordinates are negative (issue 5 §6)
    const r = await run('npx', ['--no', 'coro', 'measure', study.folder, `--from=${pt(rca.seeds.ostiumLps)}`, `--to=${pt(rca.seeds.distalLps)}`, '--json'], {
      cwd: repoRoot, timeout: 600_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CORO_PROGRESS: '0' },
    });
    j = JSON.parse(r.stdout) as MeasureJson;
    stderr = r.stderr;
    console.log(`coro measure CORO-03b RCA: max %DS ${j.maxDiameterStenosisPct}, centreline ${j.centreline.lengthMm} mm (truth ${rca.lengthMm}); lesions ${j.lesions.map((l) => `${l.diameterStenosisPct} % MLA ${l.mlaMm2} at ${l.sMm} [${l.startSMm}–${l.endSMm}]`).join('; ')}; stderr ${JSON.stringify(stderr.split('\n').filter((x) => x.startsWith('coro')))}`);
  }, 900_000);

  it('the study on disk is CORO-03b: its truth.json is the phantom truth of cas3b, with the written UIDs', () => {
    const t = caseTruth('cas3b');
    expect(truth.caseId).toBe('CORO-03b');
    expect(truth.lesions).toEqual(t.lesions);
    expect(truth.cadRads).toEqual(t.cadRads);
    expect(truth.studyInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(truth.seriesInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(truth.geometry.dimensions).toEqual([512, 512, 281]);
  });

  it('maxDiameterStenosisPct is 100, from a lesion with MLA 0 (and the path warns of the lumen-less stretch)', () => {
    expect(j.maxDiameterStenosisPct).toBe(100);
    const top = j.lesions[0]!;
    expect(top.diameterStenosisPct).toBe(100);
    expect(top.mlaMm2).toBe(0);
    expect(top.mldMm).toBe(0);
    expect(stderr).toMatch(/without contrast \(occlusion\?\)/);
  });

  // Before the stump bridge (src/vessel/centreline-bridge.ts) the path ran through the left heart and the
  // myocardium at the crux and the 100 % was read on that crossing.
  it('the 100 % lesion lies on the truth occlusion (±3 mm, centreline within 1.5 mm of the RCA there)', () => {
    const rca = truth.vessels.find((v) => v.name === 'RCA')!;
    const l3 = truth.lesions.find((l) => l.id === 'L3')!;
    const top = j.lesions[0]!;
    const at = (sMm: number): { s: number; d: number } => {
      let q = 0;
      for (let m = 0; m < j.profile.length; m++) if (Math.abs(j.profile[m]!.sMm - sMm) < Math.abs(j.profile[q]!.sMm - sMm)) q = m;
      return truthS(rca, j.centreline.pointsMm[q]!);
    };
    for (const [sMm, truthSMm] of [[top.startSMm, l3.startSMm], [top.endSMm, l3.endSMm]] as const) {
      const p = at(sMm);
      expect(p.d, `measured s ${sMm}`).toBeLessThanOrEqual(1.5);
      expect(Math.abs(p.s - truthSMm), `measured s ${sMm}`).toBeLessThanOrEqual(3);
    }
  });
});
