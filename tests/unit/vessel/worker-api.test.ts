// The vessel worker core with its kernels warmed at setVolume: the WASM path solver and the WASM ray
// sampler attached in place to voxels that live in a shared wasm memory (as volume-bridge.ts builds them on
// a cross-origin-isolated page). Same analysis as the TS kernels, lesion against the synthetic truth.
import { describe, expect, it } from 'vitest';
import { createWasmMemory, wasmAlloc } from '../../../src/compute/wasm-engine.ts';
import { fromTransferable } from '../../../src/vessel/analysis-transfer.ts';
import { createWasmPathSolver } from '../../../src/vessel/min-path-wasm.ts';
import { createVesselWorkerApi, wasmRayProfiler, type BackedVolume, type TracedVessel, type WorkerFailure } from '../../../src/vessel/worker-api.ts';
import type { Volume } from '../../../src/volume/volume.ts';
import { bump, lineCurve, makeTube, roundSection } from '../vessel/synthetic.ts';

/** The volume's voxels copied into a shared wasm memory (what volume-bridge.ts fills from Cornerstone). */
function backed(v: Volume): BackedVolume {
  const memory = createWasmMemory(true, v.voxels.byteLength + (8 << 20));
  const offset = wasmAlloc(memory, v.voxels.byteLength + 16);
  const voxels = new Int16Array(memory.buffer, offset, v.voxels.length);
  voxels.set(v.voxels);
  return { ...v, voxels, wasmBacking: { memory, offset } };
}

const ok = (r: TracedVessel | WorkerFailure): TracedVessel => {
  if ('code' in r) throw new Error(`trace failed: ${r.code} ${r.message}`);
  return r;
};

describe('vessel worker core: kernels warmed at setVolume, WASM rays on the shared voxels', () => {
  const Rref = (s: number): number => 1.7 - 0.004 * s;
  const R = (s: number): number => Rref(s) * (1 - 0.75 * bump(s, 45, 4));
  const tube = makeTube({
    dims: [40, 40, 160], spacingMm: [0.4, 0.4, 0.5], originLps: [-6, -6, -40], curve: lineCurve([0, 0, -38], [3, 2, 38]),
    section: roundSection(R, 450, { refMm: Rref }), maxRadiusMm: 2.5, backgroundHu: -80, noiseSdHu: 25, psfFwhmMm: 0.7, seed: 2,
  });
  const tr = tube.truth;
  const req = { id: 'v1', pointsLps: [tr[0]!.lps, tr[tr.length - 1]!.lps] };

  it('loads the WASM solver and ray sampler before the first trace and measures like the TS kernels', async () => {
    const wasm = createVesselWorkerApi({ loadSolver: () => createWasmPathSolver(), loadProfiler: (v) => wasmRayProfiler(v) });
    wasm.setVolume(backed(tube.volume));
    expect(await wasm.ready()).toEqual({ solver: 'wasm', profiler: 'wasm' });
    let centrelinePoints = 0;
    const tw = ok(await wasm.trace(req, (flat) => { centrelinePoints = flat.length / 3; }));
    expect(tw.timingsMs.wasmRays).toBe(1);
    expect(tw.timingsMs.warmWaitMs).toBeGreaterThanOrEqual(0);
    const aw = fromTransferable(tw.analysis);
    expect(centrelinePoints).toBe(aw.profile.length);

    const ts = createVesselWorkerApi();
    ts.setVolume(tube.volume);
    expect(await ts.ready()).toEqual({ solver: 'ts', profiler: 'ts' });
    const tt = ok(await ts.trace(req));
    expect(tt.timingsMs.wasmRays).toBe(0);
    const at = fromTransferable(tt.analysis);

    // the truth lesion (75 % at 45 mm) from the WASM path, and the same analysis as the TS kernels
    const lw = aw.lesions.find((l) => Math.abs(l.sMm - 45) <= 3);
    expect(lw, 'lesion at 45 mm').toBeDefined();
    expect(Math.abs(lw!.diameterStenosisPct - 75)).toBeLessThan(5);
    const lt = at.lesions.find((l) => Math.abs(l.sMm - 45) <= 3)!;
    expect(Math.abs(lw!.diameterStenosisPct - lt.diameterStenosisPct)).toBeLessThan(0.5);
    expect(aw.profile.length).toBe(at.profile.length);
    let diff = 0;
    for (let i = 0; i < tw.radiiMm.length; i++) diff += Math.abs(tw.radiiMm[i]! - tt.radiiMm[i]!);
    expect(diff / tw.radiiMm.length).toBeLessThan(0.02);
  });

  it('measures along a found centreline (no path search): the length and the lesion where the truth has them', async () => {
    const api = createVesselWorkerApi({ loadProfiler: (v) => wasmRayProfiler(v) });
    api.setVolume(backed(tube.volume));
    const flat = new Float64Array(tr.length * 3);
    tr.forEach((p, q) => flat.set(p.lps, q * 3));
    let handed = 0;
    const t = ok(await api.trace({ ...req, found: { fromAorta: false }, centrelineLps: flat }, (c) => { handed = c.length / 3; }));
    const a = fromTransferable(t.analysis);
    expect(handed).toBe(a.profile.length);
    expect(Math.abs(a.centreline.lengthMm - (tr[tr.length - 1]!.sMm - tr[0]!.sMm))).toBeLessThan(0.5);
    const l = a.lesions.find((x) => Math.abs(x.sMm - 45) <= 3);
    expect(l, 'lesion at 45 mm').toBeDefined();
    expect(Math.abs(l!.diameterStenosisPct - 75)).toBeLessThan(5);
  });

  it('keeps the TS ray kernel for a volume without a shared wasm memory', async () => {
    const api = createVesselWorkerApi({ loadProfiler: (v) => wasmRayProfiler(v) });
    api.setVolume(tube.volume);
    expect((await api.ready()).profiler).toBe('ts');
    expect(ok(await api.trace(req)).timingsMs.wasmRays).toBe(0);
  });
});
