/**
 * A reader's seed lands within a millimetre of where the truth puts it. The CORO-03 LM (60 % calcified stenosis, a
 * 15 mm vessel ending at the bifurcation) read with its distal seed moved 0.5–1 mm reads 0 % or 100 %: the
 * centreline leaves the residual lumen in the stenosis (issue 12 §3). Kept failing until the measurement holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import type { Truth } from '../../../sample-data/truth.ts';

describe('seed placement (CORO-03 LM)', () => {
  it.fails('distal seed 0.5 and 1 mm off along x: the LM lesion still reads within 10 points of its truth', async () => {
    const st = ensureStudies().find((s) => s.id === 'cas3')!;
    const truth = JSON.parse(readFileSync(join(studiesRoot, st.truth), 'utf8')) as Truth;
    const lm = truth.vessels.find((v) => v.name === 'LM')!;
    const lesion = truth.lesions.find((l) => l.vessel === 'LM')!;
    const { volume } = await loadVolume(join(studiesRoot, st.folder));
    for (const dx of [0, 0.5, 1]) {
      const to = lm.seeds.distalLps;
      const a = analyseVessel(volume, { fromLps: lm.seeds.ostiumLps, toLps: [to[0] + dx, to[1], to[2]] });
      expect(Math.abs(a.maxDiameterStenosisPct - lesion.diameterStenosisPct), `dx ${dx} mm`).toBeLessThan(10);
    }
  }, 300_000);
});
