// Browser compute worker: a thin comlink shell over src/compute/worker-api.ts.
// Callers hold Comlink.Remote<ComputeApi> (see src/compute/pool.ts).
import * as Comlink from 'comlink';
import { createComputeApi } from '../src/compute/worker-api';

const api = createComputeApi();
Comlink.expose(api, self);
