// Browser side of the compute bench (served by Vite with COOP/COEP; driven by compute.bench.ts through
// playwright-core). Exposes window.__runComputeBench(): BenchResult[].
import { buildBenchVolume } from './bench-volume';
import { runWorkloads } from './workloads';
import { createWasmMemory, WasmEngine } from '../../../src/compute/wasm-engine';
import { canShareMemory, loadSamplerModule } from '../../../src/compute/wasm-load';
import { createComputePool } from '../../../src/compute/pool';
import { measure, type BenchResult } from '../harness';

const logEl = document.getElementById('log')!;
const log = (m: string) => { logEl.textContent += `\n${m}`; console.log(m); };

async function run(): Promise<BenchResult[]> {
  log(`crossOriginIsolated=${String(crossOriginIsolated)} cores=${navigator.hardwareConcurrency}`);
  const bv = buildBenchVolume();
  log('volume built');
  const shared = canShareMemory();
  const engine = await WasmEngine.create(await loadSamplerModule(shared ? 'shared' : 'plain'), createWasmMemory(shared, bv.volume.voxels.byteLength + (64 << 20)));
  engine.setVolume(bv.volume);
  const results = await runWorkloads(bv, engine, { env: 'chromium', log });
  // the app's path: the pool (worker, comlink, transferred result), CPR 512×512 round trip
  const pool = createComputePool();
  await pool.setVolume(bv.volume);
  const opts = { centrelineLps: bv.centrelineLps, mode: 'straightened' as const, rows: 512, cols: 512, pixelMm: 0.1 };
  const pr = await measure('cpr-straight-512x512-pool', async () => (await pool.cpr(opts, { key: 'bench' })).data, { env: 'chromium', runs: 25, warmup: 3 });
  results.push({ ...pr, extra: { workers: pool.size, sharedMemory: String(shared) } });
  pool.dispose();
  log('done');
  return results;
}

(window as unknown as { __runComputeBench: () => Promise<BenchResult[]> }).__runComputeBench = run;
