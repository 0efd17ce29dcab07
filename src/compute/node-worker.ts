// Node worker_threads shell over the compute API (tests, CLI). Start it with tsx:
// new Worker(new URL('./node-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] }).
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint';
import { createComputeApi } from './worker-api';

if (!parentPort) throw new Error('node-worker.ts must run inside a worker thread');
Comlink.expose(createComputeApi(), nodeEndpoint(parentPort));
