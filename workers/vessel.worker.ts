// Browser vessel worker: a thin comlink shell over src/viewer/vessel/worker-core.ts (centreline with the
// WASM minimal-path kernel, lumen, lesions). Callers hold Comlink.Remote<VesselWorkerApi>.
import * as Comlink from 'comlink';
import { createVesselWorkerApi } from '../src/viewer/vessel/worker-core';
import { createWasmPathSolver } from '../src/vessel/min-path-wasm';

const api = createVesselWorkerApi(() => createWasmPathSolver());
Comlink.expose(api, self);
