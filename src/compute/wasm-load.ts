/**
 * Loads the compiled sampler module: Node reads wasm/build/*.wasm from disk, browsers fetch the URL
 * (Vite turns `new URL(…, import.meta.url)` into an asset). Build it with `npm run build:wasm`.
 */
export type SamplerVariant = 'plain' | 'shared';

export function samplerUrl(variant: SamplerVariant): URL {
  return variant === 'shared'
    ? new URL('../../wasm/build/sampler.shared.wasm', import.meta.url)
    : new URL('../../wasm/build/sampler.wasm', import.meta.url);
}

export async function loadSamplerModule(variant: SamplerVariant): Promise<WebAssembly.Module> {
  return compileWasmUrl(samplerUrl(variant), 'compute kernels');
}

/**
 * Compiles a wasm/build module: Node reads the file, browsers fetch the URL. `what` names the module in
 * the error (e.g. "compute kernels not built: … missing (run npm run build:wasm)").
 */
export async function compileWasmUrl(url: URL, what: string): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = (await fs.readFile(url)) as Uint8Array<ArrayBuffer>;
    } catch {
      throw new Error(`${what} not built: ${url.pathname} missing (run npm run build:wasm)`);
    }
    return WebAssembly.compile(bytes);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load the ${what} from ${url.href}: HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
}

/** True when this context may share memory between workers (COOP/COEP pages, Node). */
export function canShareMemory(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; process?: unknown };
  if (typeof SharedArrayBuffer === 'undefined') return false;
  return g.crossOriginIsolated === true || typeof g.process === 'object';
}
