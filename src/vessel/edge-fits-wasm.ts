/**
 * The edge fits' grid searches (edge-fits.ts) in the compute kernels' WASM module (wasm/assembly/_edge-fits.ts,
 * f64x2 SIMD with two b per vector): the same sums in the same order, so the same residuals bit for bit and the same
 * best (a, b). The ray's samples and the Φ table are copied into the module's memory per call; the calcium shell's
 * blurred-disk tables (one per vessel and σ factor) once, transposed, and kept while there is room.
 */
import type { WasmFitKernels } from '../compute/wasm-engine.ts';
import type { EdgeFitKernel } from './edge-fits.ts';

/** room for the kept disk tables, f64 (a vessel's three tables hold ≈ 3 × 200 × 61) */
const TABLE_ROOM = 1 << 17;

export function wasmEdgeFits(k: WasmFitKernels): EdgeFitKernel {
  let buf: ArrayBuffer | SharedArrayBuffer | null = null, f64 = new Float64Array(0), i32 = new Int32Array(0);
  /** views on the module's memory, made again when it grew */
  const views = (): void => {
    if (buf !== k.memory.buffer) { buf = k.memory.buffer; f64 = new Float64Array(buf); i32 = new Int32Array(buf); }
  };
  // the kept tables: where each lies (f64 index) in this generation of the table region
  const kept = new WeakMap<Float64Array, { gen: number; at: number }>();
  let gen = 0, used = 0, room = 0, region = 0;
  /** the f64 index of `disk` (rows of S samples) transposed to sample-major, K = rows; copied in when not kept */
  const table = (disk: Float64Array, S: number): number => {
    const e = kept.get(disk);
    if (e && e.gen === gen) return e.at;
    const K = disk.length / S, n = K * S;
    if (used + n > room) {
      gen++; used = 0;
      room = Math.max(TABLE_ROOM, n);
      region = k.scratch(8 * room, 1) >> 3;
    }
    views();
    const at = region + used;
    for (let kk = 0; kk < K; kk++) for (let m = 0; m < S; m++) f64[at + m * K + kk] = disk[kk * S + m]!;
    used += n;
    kept.set(disk, { gen, at });
    return at;
  };
  return {
    twoStep(prof, at, nm, m0, step, cdf, ia0, ia1, ibSpan, L, F) {
      // the kk = k − m·step the search reads (wasm/assembly/_edge-fits.ts twoStepFit)
      const nKk = ia1 + ibSpan - ia0 + (nm - 1) * step + 1, nTab = cdf.tab.length;
      const base = k.scratch(8 * (nTab + nm + 3 * (nKk + 2)) + 16);
      views();
      const tab = base >> 3, p = tab + nTab;
      f64.set(cdf.tab, tab);
      for (let j = 0; j < nm; j++) f64[p + j] = prof[at + j]!;
      return k.twoStepFit(tab << 3, cdf.K, p << 3, m0, nm, step, ia0, ia1, ibSpan, L, F, (p + nm) << 3);
    },
    shell(prof, at, nm, disk, S, m0, ia0, ia1, ibPeak, ibMax) {
      const t = table(disk, S), K = disk.length / S;
      const ibFrom = Math.min(ia0 + 1, ibPeak);
      const base = k.scratch(8 * (nm + 2 * (ibMax - ibFrom + 1)) + 16);
      views();
      const out = base >> 2, p = (base + 16) >> 3;
      for (let j = 0; j < nm; j++) f64[p + j] = prof[at + j]!;
      // the table from the ray's first sample m0 on: sample j of the fit at row m0 + j
      const sse = k.shellFit((t + m0 * K) << 3, K, 0, p << 3, nm, ia0, ia1, ibPeak, ibMax, (p + nm) << 3, out << 2);
      return { sse, ia: i32[out]! };
    },
  };
}
