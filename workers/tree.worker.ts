// Browser tree worker: a thin comlink shell over src/tree/worker-api.ts (the whole coronary tree of a volume).
// One worker per detection: the page terminates it when the tree is in or the reader cancels.
// The ray sampler for the recentring is the compute engine's WASM kernel attached to the volume's shared wasm
// memory when it has one (no copy of the voxels), else the TS kernel.
import * as Comlink from 'comlink';
import { createTreeWorkerApi } from '../src/tree/worker-api';
import { wasmRayProfiler } from '../src/vessel/worker-api';
import { loadSamplerModule } from '../src/compute/wasm-load';

let samplerModule: Promise<WebAssembly.Module> | undefined;
const sampler = () => (samplerModule ??= loadSamplerModule('shared'));
const api = createTreeWorkerApi({ loadProfiler: (v) => wasmRayProfiler(v, sampler()), warm: async () => { await sampler(); } });
Comlink.expose(api, self);
