// The CLI and the viewer's vessel worker measure the same lesions from the same seeds. On each training study,
// every truth vessel (ostium → distal seed, LPS mm, from truth.json) is analysed along the CLI path (its kernels,
// analyseVessel) and along the worker path (createVesselWorkerApi on the voxels in a shared wasm memory, as on
// a cross-origin-isolated page, then the transferable round trip); lesions (the same fields, each equal),
// warnings, side branches and length must be equal, and the per-section profile and centreline points, which cross
// as float32, equal at float32 precision.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCliKernels } from '../../../src/cli/vessel-kernels.ts';
import { createWasmMemory, wasmAlloc } from '../../../src/compute/wasm-engine.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { fromTransferable } from '../../../src/vessel/analysis-transfer.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { createVesselWorkerApi, wasmRayProfiler, type BackedVolume } from '../../../src/vessel/worker-api.ts';
import type { Lps, Volume } from '../../../src/volume/volume.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';

interface TruthVessel { name: string; seeds: { ostiumLps: Lps; distalLps: Lps } }

function backed(v: Volume): BackedVolume {
  const memory = createWasmMemory(true, v.voxels.byteLength + (8 << 20));
  const offset = wasmAlloc(memory, v.voxels.byteLength + 16);
  const voxels = new Int16Array(memory.buffer, offset, v.voxels.length);
  voxels.set(v.voxels);
  return { ...v, voxels, wasmBacking: { memory, offset } };
}

describe('CLI and vessel worker: same lesions for the same seeds', () => {
  for (const study of ensureStudies()) {
    it(`${study.name}: every truth vessel`, async () => {
      const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as { vessels: TruthVessel[] };
      const { volume } = await loadVolume(join(studiesRoot, study.folder), { requireCt: true });
      const kernels = await loadCliKernels(volume);
      expect(Object.keys(kernels).sort()).toEqual(['profiler', 'solver']);
      const worker = createVesselWorkerApi({ loadSolver: () => createWasmPathSolver(), loadProfiler: (v) => wasmRayProfiler(v) });
      worker.setVolume(backed(volume));
      expect(await worker.ready()).toEqual({ solver: 'wasm', profiler: 'wasm' });
      let lesions = 0;
      for (const v of truth.vessels) {
        const seeds = { fromLps: v.seeds.ostiumLps, toLps: v.seeds.distalLps };
        const cli = analyseVessel(volume, seeds, kernels);
        const t = await worker.trace({ id: v.name, pointsLps: [v.seeds.ostiumLps, v.seeds.distalLps] });
        if ('code' in t) throw new Error(`${study.name} ${v.name}: worker trace failed: ${t.code} ${t.message}`);
        const browser = fromTransferable(t.analysis);
        expect(browser.lesions.length, `${study.name} ${v.name} lesion count`).toBe(cli.lesions.length);
        cli.lesions.forEach((l, i) => {
          expect(Object.keys(browser.lesions[i]!).sort(), `${study.name} ${v.name} L${i + 1} fields`).toEqual(Object.keys(l).sort());
          for (const [k, x] of Object.entries(l)) expect((browser.lesions[i] as unknown as Record<string, unknown>)[k], `${study.name} ${v.name} L${i + 1}.${k}`).toEqual(x);
        });
        expect(browser.warnings, `${study.name} ${v.name} warnings`).toEqual(cli.warnings);
        expect(browser.branchesMm, `${study.name} ${v.name} side branches`).toEqual(cli.branchesMm);
        expect(browser.centreline.lengthMm).toBe(cli.centreline.lengthMm);
        expect(browser.maxDiameterStenosisPct).toBe(cli.maxDiameterStenosisPct);
        expect(browser.centreline.stepMm).toBe(cli.centreline.stepMm);
        expect(browser.centreline.pointsLps, `${study.name} ${v.name} centreline`).toEqual(cli.centreline.pointsLps.map((p) => p.map(Math.fround)));
        expect(browser.profile.length).toBe(cli.profile.length);
        browser.profile.forEach((b, q) => {
          const c = cli.profile[q]! as unknown as Record<string, unknown>;
          for (const [k, x] of Object.entries(b)) expect(x, `${study.name} ${v.name} section ${q}.${k}`).toEqual(typeof c[k] === 'number' ? Math.fround(c[k]) : c[k]);
        });
        lesions += cli.lesions.length;
      }
      expect(lesions, 'the study has stenoses').toBeGreaterThan(0);
    }, 600_000);
  }
});
