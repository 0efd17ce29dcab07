/** Node loading of the codec modules (createRequire on the packages' wasm builds). */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCodecRegistry, type CodecRegistry } from './codecs.ts';

type Factory = (opts?: Record<string, unknown>) => Promise<unknown>;

/** A registry that loads the @cornerstonejs codecs from node_modules. Create one per process/run. */
export function createNodeCodecs(): CodecRegistry {
  const require = createRequire(import.meta.url);
  // Silence the Emscripten modules' stdout/stderr (OpenJPEG prints [INFO] lines): the CLI's
  // stdout must carry only its JSON.
  // A fresh options object per module: Emscripten adopts it as its Module object.
  const quiet = () => ({ print: () => {}, printErr: () => {} });
  const cjs = (id: string) => async () => (require(id) as Factory)(quiet());
  return createCodecRegistry({
    charls: cjs('@cornerstonejs/codec-charls/decodewasmjs'),
    openjpeg: cjs('@cornerstonejs/codec-openjpeg/decodewasmjs'),
    openjph: cjs('@cornerstonejs/codec-openjph/wasmjs'),
    libjpegTurbo8: cjs('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
    libjxl: async () => {
      // ESM build; Node cannot fetch the .wasm by URL, so hand it the bytes.
      const js = require.resolve('@cornerstonejs/codec-libjxl/decodewasmjs');
      const mod = (await import(/* @vite-ignore */ pathToFileURL(js).href)) as { default: Factory };
      return mod.default({ ...quiet(), wasmBinary: readFileSync(join(dirname(js), 'jpegxlwasm_decode.wasm')) });
    },
    jpegLossless: async () => require('@cornerstonejs/jpeg-lossless-decoder-js') as unknown,
    jpegJs: async () => {
      // pdf.js-derived JPEG decoder vendored by dicom-image-loader (pure JS: 12-bit and progressive JPEG).
      const dir = dirname(require.resolve('@cornerstonejs/dicom-image-loader'));
      const mod = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'codecs', 'jpeg.js')).href)) as { default: unknown };
      return mod.default;
    },
  });
}
