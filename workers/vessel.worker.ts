// Browser vessel worker: a thin comlink shell over src/vessel/worker-api.ts (centreline with the
// WASM minimal-path kernel, lumen, lesions). Callers hold Comlink.Remote<VesselWorkerApi>.
// Kernels load when the volume arrives: the path solver, and the compute engine's WASM ray sampler attached
// to the volume's shared wasm memory when it has one (no copy of the voxels).
import * as Comlink from 'comlink';
import { createVesselWorkerApi, wasmRayProfiler } from '../src/vessel/worker-api';
import { createWasmPathSolver } from '../src/vessel/min-path-wasm';
import { loadSamplerModule } from '../src/compute/wasm-load';

let samplerModule: Promise<WebAssembly.Module> | undefined;
const api = createVesselWorkerApi({
  loadSolver: () => createWasmPathSolver(),
  loadProfiler: (v) => wasmRayProfiler(v, (samplerModule ??= loadSamplerModule('shared'))),
});
Comlink.expose(api, self);
