/**
 * The edge fits' grid searches (edge-fits.ts) in the compute kernels' WASM module (wasm/assembly/_edge-fits.ts,
 * f64x2 SIMD with two b per vector): the same sums in the same order, so the same residuals bit for bit and the same
 * best (a, b). The ray's samples and the tables a search reads are copied into the module's memory per call.
 */
import type { WasmFitKernels } from '../compute/wasm-engine.ts';
import type { EdgeFitKernel } from './edge-fits.ts';

export function wasmEdgeFits(k: WasmFitKernels): EdgeFitKernel {
  let buf: ArrayBuffer | SharedArrayBuffer | null = null, f64 = new Float64Array(0), i32 = new Int32Array(0);
  /** views on the module's memory, made again when it grew */
  const views = (): void => {
    if (buf !== k.memory.buffer) { buf = k.memory.buffer; f64 = new Float64Array(buf); i32 = new Int32Array(buf); }
  };
  return {
    twoStep(prof, at, nm, m0, step, cdf, ia0, ia1, ibSpan, L, F) {
      const rows = ia1 + ibSpan - ia0 + 1, half = (rows + 1) >> 1, nTab = cdf.tab.length;
      const base = k.scratch(8 * (nTab + nm + (4 * half + rows) * nm) + 16);
      views();
      const tab = base >> 3, p = tab + nTab;
      f64.set(cdf.tab, tab);
      for (let j = 0; j < nm; j++) f64[p + j] = prof[at + j]!;
      return k.twoStepFit(tab << 3, cdf.K, p << 3, m0, nm, step, ia0, ia1, ibSpan, L, F, (p + nm) << 3);
    },
    shell(prof, at, nm, disk, S, m0, ia0, ia1, ibPeak, ibMax) {
      const ibFrom = Math.min(ia0 + 1, ibPeak), k0 = Math.min(ia0, ibFrom), nk = ibMax - k0 + 1;
      const base = k.scratch(8 * (nk * nm + nm + 2 * (ibMax - ibFrom + 1)) + 16);
      views();
      const out = base >> 2, d = (base + 16) >> 3, p = d + nk * nm;
      // transposed (sample-major): the two b of a vector are neighbours
      for (let kk = 0; kk < nk; kk++) {
        const row = (k0 + kk) * S + m0;
        for (let j = 0; j < nm; j++) f64[d + j * nk + kk] = disk[row + j]!;
      }
      for (let j = 0; j < nm; j++) f64[p + j] = prof[at + j]!;
      const sse = k.shellFit(d << 3, nk, k0, p << 3, nm, ia0, ia1, ibPeak, ibMax, (p + nm) << 3, out << 2);
      return { sse, ia: i32[out]! };
    },
  };
}
