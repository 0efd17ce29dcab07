// `npm run bench` module for the compute kernels: BENCH.md workloads in Node, then in headless Chromium.
import { buildBenchVolume } from './bench-volume';
import { runWorkloads } from './workloads';
import { runInChromium } from './chromium';
import { createWasmMemory, WasmEngine } from '../../../src/compute/wasm-engine';
import { loadSamplerModule } from '../../../src/compute/wasm-load';
import type { BenchResult } from '../harness';

interface BenchContext { root: string; log?: (m: string) => void }

export default async function computeBench(ctx: BenchContext): Promise<BenchResult[]> {
  const log = ctx.log ?? ((m: string) => console.error(m));
  const bv = buildBenchVolume();
  const engine = await WasmEngine.create(await loadSamplerModule('plain'), createWasmMemory(false, bv.volume.voxels.byteLength + (64 << 20)));
  engine.setVolume(bv.volume);
  const results = await runWorkloads(bv, engine, { env: 'node', log: (m) => log(`[node] ${m}`) });
  try {
    results.push(...(await runInChromium(ctx.root, '/tests/bench/compute/bench-page.html', '__runComputeBench', log)));
  } catch (e) {
    log(`chromium bench failed: ${(e as Error).message}`);
  }
  return results;
}
