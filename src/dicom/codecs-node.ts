/** Node loading of the codec WASM modules (createRequire on the packages' wasmjs builds). */
import { createCodecRegistry, type CodecRegistry } from './codecs.ts';

/** A registry that loads @cornerstonejs codecs from node_modules. One per process is enough. */
export function createNodeCodecs(): CodecRegistry {
  return createCodecRegistry({});
}
