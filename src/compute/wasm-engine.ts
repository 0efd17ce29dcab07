/**
 * The WASM SIMD sampler (wasm/assembly/sampler.ts) over an imported WebAssembly.Memory.
 * Memory layout: [0, 64 KiB) reserved (AssemblyScript statics + a bump pointer at HEADER_BUMP);
 * regions (the volume, per-engine scratch for the line table and the output) are bump-allocated,
 * 16-byte aligned, with Atomics on shared memory so every worker can allocate in the one memory.
 * Shared memory (crossOriginIsolated pages, Node): the pool writes the volume once and each worker
 * `attachVolume`s it. Plain memory: each engine copies the volume once (`setVolume`).
 */
import type { VolumeGeometry, Volume } from '../volume/volume';
import { checkGrid, DEFAULT_FILL_HU, LINE_STRIDE, type LineBatch, type VoxelGrid } from '../kernels/sample';
import type { Plan } from '../kernels/views';
import { chunkLinesOf, referenceSampler, runPlanAsync, runPlanSync, type LineSampler, type RunControl } from './run';

const PAGE = 65536;
const RESERVED = 65536;
const HEADER_BUMP = RESERVED - 16;
const MODE = { mip: 0, minip: 1, mean: 2 } as const;

interface SamplerExports {
  sampleLines(vol: number, nx: number, ny: number, nz: number, lines: number, first: number, end: number,
    S: number, K: number, mode: number, fill: number, out: number): void;
  samplePoints(vol: number, nx: number, ny: number, nz: number, ijk: number, n: number, fill: number, out: number): void;
  twoStepFit(tab: number, K: number, prof: number, m0: number, nm: number, step: number, ia0: number, ia1: number, ibSpan: number,
    L: number, F: number, work: number): number;
  shellFit(disk: number, nk: number, k0: number, prof: number, nm: number, ia0: number, ia1: number, ibPeak: number, ibMax: number,
    work: number, out: number): number;
  smoothLines(src: number, lines: number, S: number, dst: number): void;
}

/** The lumen profile's edge fits in this module (wasm/assembly/_edge-fits.ts) over `memory`, with their own scratch. */
export interface WasmFitKernels {
  readonly memory: WebAssembly.Memory;
  readonly twoStepFit: SamplerExports['twoStepFit'];
  readonly shellFit: SamplerExports['shellFit'];
  /** the byte offset of a region of at least `bytes` (16-aligned): slot 0 the per-call scratch, slot 1 tables kept between calls */
  scratch(bytes: number, slot?: 0 | 1): number;
}

/** Where a volume lives in a (shared) wasm memory: enough for another worker to attach it. */
export interface WasmVolumeHandle {
  readonly memory: WebAssembly.Memory;
  readonly offset: number;
  readonly geometry: VolumeGeometry;
}

export function createWasmMemory(shared: boolean, initialBytes = 4 * PAGE): WebAssembly.Memory {
  const initial = Math.max(2, Math.ceil(initialBytes / PAGE));
  const mem = shared
    ? new WebAssembly.Memory({ initial, maximum: 65536, shared: true })
    : new WebAssembly.Memory({ initial });
  new Int32Array(mem.buffer, HEADER_BUMP, 1)[0] = RESERVED;
  return mem;
}

function isShared(mem: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && mem.buffer instanceof SharedArrayBuffer;
}

/** Bump-allocates `bytes` (16-aligned) in `mem`, growing it; atomic on shared memory. */
export function wasmAlloc(mem: WebAssembly.Memory, bytes: number): number {
  const size = Math.ceil(bytes / 16) * 16;
  for (;;) {
    const head = new Int32Array(mem.buffer, HEADER_BUMP, 1);
    const cur = isShared(mem) ? Atomics.load(head, 0) : head[0]!;
    const end = cur + size;
    if (end > 0xffff0000) throw new Error(`wasm memory exhausted: ${end} bytes needed`);
    if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
    const head2 = new Int32Array(mem.buffer, HEADER_BUMP, 1);
    if (!isShared(mem)) { head2[0] = end; return cur; }
    if (Atomics.compareExchange(head2, 0, cur, end) === cur) return cur;
  }
}

/** Copies a volume's voxels into `mem` once; returns the handle workers attach. */
export function writeVolume(mem: WebAssembly.Memory, volume: Volume): WasmVolumeHandle {
  checkGrid(volume);
  const offset = wasmAlloc(mem, volume.voxels.byteLength + 16);
  new Int16Array(mem.buffer, offset, volume.voxels.length).set(volume.voxels);
  const { dimensions, spacingMm, originLps, directions } = volume;
  return { memory: mem, offset, geometry: { dimensions, spacingMm, originLps, directions } };
}

export class WasmEngine {
  private volume: WasmVolumeHandle | null = null;
  private scratch = { offset: 0, bytes: 0 };
  private fitRegions = [{ offset: 0, bytes: 0 }, { offset: 0, bytes: 0 }];

  private constructor(private readonly x: SamplerExports, readonly memory: WebAssembly.Memory) {}

  /** Instantiates `module` (sampler.wasm or sampler.shared.wasm, matching `memory`). */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<WasmEngine> {
    const inst = await WebAssembly.instantiate(module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } });
    return new WasmEngine(inst.exports as unknown as SamplerExports, memory);
  }

  /** Copies the volume into this engine's memory (plain memory: one copy per worker). */
  setVolume(volume: Volume): WasmVolumeHandle {
    this.volume = writeVolume(this.memory, volume);
    return this.volume;
  }

  /** Uses a volume already written in this engine's (shared) memory. */
  attachVolume(h: WasmVolumeHandle): void {
    if (h.memory !== this.memory && h.memory.buffer !== this.memory.buffer) {
      // a Memory posted to a worker is a new object over the same SharedArrayBuffer; accept it when shared
      if (!isShared(h.memory)) throw new Error('attachVolume needs the volume in this engine\'s memory');
    }
    checkGrid({ dimensions: h.geometry.dimensions, voxels: new Int16Array(this.memory.buffer, h.offset, voxelsOf(h.geometry)) });
    this.volume = h;
  }

  get geometry(): VolumeGeometry {
    return this.need().geometry;
  }

  /** Int16 view of the volume inside wasm memory (for the TS fallback paths). */
  grid(): VoxelGrid {
    const h = this.need();
    return { dimensions: h.geometry.dimensions, voxels: new Int16Array(this.memory.buffer, h.offset, voxelsOf(h.geometry)) };
  }

  runSync<R>(plan: Plan<R>, ctl: RunControl = {}): R {
    return runPlanSync(this.samplerFor(plan), plan, ctl);
  }

  run<R>(plan: Plan<R>, ctl: RunControl = {}): Promise<R> {
    return runPlanAsync(this.samplerFor(plan), plan, ctl);
  }

  /** Samples float32 ijk triples; returns a fresh Float32Array. */
  samplePoints(ijk: Float32Array, fillHu = DEFAULT_FILL_HU): Float32Array {
    const n = Math.floor(ijk.length / 3);
    const s = this.pointScratch(n);
    s.ijk.set(ijk.subarray(0, 3 * n));
    return s.run(fillHu).slice();
  }

  /** Zero-copy point sampling: write ijk into `ijk`, call run(); the view is valid until the next call. */
  pointScratch(n: number): { ijk: Float32Array; run(fillHu?: number): Float32Array } {
    const h = this.need();
    const off = this.ensureScratch(n * 16);
    const [nx, ny, nz] = h.geometry.dimensions;
    return {
      ijk: new Float32Array(this.memory.buffer, off, 3 * n),
      run: (fillHu = DEFAULT_FILL_HU) => {
        this.x.samplePoints(h.offset, nx, ny, nz, off, n, fillHu, off + n * 12);
        return new Float32Array(this.memory.buffer, off + n * 12, n);
      },
    };
  }

  /**
   * The lines of a trilinear plan sampled and each smoothed [1 2 1] along itself (end samples: 0.75·end
   * + 0.25·next) into a fresh Float64Array, chunk by chunk in this memory: the lumen profile's ray profiles
   * (rays.ts sampleSections smooths the same way) without a float32 copy of every sample in between.
   */
  smoothedLines(plan: Plan<unknown>): Float64Array {
    if (plan.interpolation === 'cubic') throw new Error('smoothedLines samples trilinearly: no cubic plan');
    const { batch, fillHu } = plan;
    const h = this.need();
    const [nx, ny, nz] = h.geometry.dimensions;
    const S = batch.samplesPerLine, n = batch.lineCount;
    const step = chunkLinesOf(batch, {});
    const lineBytes = Math.ceil((n * LINE_STRIDE * 4) / 16) * 16, chunkBytes = Math.ceil((step * S * 4) / 16) * 16;
    const lines = this.ensureScratch(lineBytes + 3 * chunkBytes + 16), f32 = lines + lineBytes, f64 = f32 + chunkBytes;
    new Float32Array(this.memory.buffer, lines, n * LINE_STRIDE).set(batch.lines.subarray(0, n * LINE_STRIDE));
    const out = new Float64Array(n * S);
    for (let first = 0; first < n; first += step) {
      const end = Math.min(n, first + step);
      // the kernel writes line l at out + 4·l·S: shift `out` so line `first` lands at the scratch start (u32 wrap)
      this.x.sampleLines(h.offset, nx, ny, nz, lines, first, end, S, batch.slabCount, MODE[batch.slabMode], fillHu, (f32 - first * S * 4) >>> 0);
      this.x.smoothLines(f32, end - first, S, f64);
      out.set(new Float64Array(this.memory.buffer, f64, (end - first) * S), first * S);
    }
    return out;
  }

  /** The edge fits of this module, with a scratch region of their own (the sampler's is per call). */
  fitKernels(): WasmFitKernels {
    return {
      memory: this.memory, twoStepFit: this.x.twoStepFit, shellFit: this.x.shellFit,
      scratch: (bytes, slot = 0) => {
        const r = this.fitRegions[slot]!;
        if (r.bytes < bytes) {
          const size = Math.max(bytes, r.bytes * 2, 1 << 16);
          this.fitRegions[slot] = { offset: wasmAlloc(this.memory, size), bytes: size };
        }
        return this.fitRegions[slot]!.offset;
      },
    };
  }

  private samplerFor(plan: Plan<unknown>): LineSampler {
    return plan.interpolation === 'cubic' ? referenceSampler(this.grid()) : this.lineSampler();
  }

  // Each chunk is sampled into a cache-sized scratch in wasm memory and copied into the caller's result
  // (one pass over the result in DRAM instead of write + read + write of a whole-image wasm buffer).
  private lineSampler(): LineSampler {
    const h = this.need();
    const [nx, ny, nz] = h.geometry.dimensions;
    let b: LineBatch | null = null, fill = 0, lines = 0, scratch = 0;
    let result = new Float32Array(0);
    return {
      begin: (batch, fillHu, _interp, maxChunkLines) => {
        b = batch; fill = fillHu;
        const lineBytes = Math.ceil((batch.lineCount * LINE_STRIDE * 4) / 16) * 16;
        const chunkBytes = Math.min(batch.lineCount, maxChunkLines) * batch.samplesPerLine * 4;
        lines = this.ensureScratch(lineBytes + chunkBytes + 16);
        scratch = lines + lineBytes;
        new Float32Array(this.memory.buffer, lines, batch.lineCount * LINE_STRIDE).set(batch.lines.subarray(0, batch.lineCount * LINE_STRIDE));
        result = new Float32Array(batch.lineCount * batch.samplesPerLine);
      },
      chunk: (first, end) => {
        const q = b!, S = q.samplesPerLine;
        // the kernel writes line l at out + 4·l·S: shift `out` so line `first` lands at the scratch start (u32 wrap)
        const out = (scratch - first * S * 4) >>> 0;
        this.x.sampleLines(h.offset, nx, ny, nz, lines, first, end, S, q.slabCount, MODE[q.slabMode], fill, out);
        result.set(new Float32Array(this.memory.buffer, scratch, (end - first) * S), first * S);
      },
      end: () => { const r = result; result = new Float32Array(0); b = null; return r; },
    };
  }

  private ensureScratch(bytes: number): number {
    if (this.scratch.bytes < bytes) {
      const size = Math.max(bytes, this.scratch.bytes * 2, 1 << 20);
      this.scratch = { offset: wasmAlloc(this.memory, size), bytes: size };
    }
    return this.scratch.offset;
  }

  private need(): WasmVolumeHandle {
    if (!this.volume) throw new Error('no volume loaded in the compute engine: call setVolume first');
    return this.volume;
  }
}

function voxelsOf(g: VolumeGeometry): number {
  return g.dimensions[0] * g.dimensions[1] * g.dimensions[2];
}
