// ZIP archive of a study folder: fflate's Zip container, with the deflating done by Node's native zlib on
// the libuv thread pool (fflate's pure-JS deflate needs ~30 s for Cas 1's 147 MB of noisy 16-bit samples;
// zlib Huffman-only deflate ≈ 20 ms a slice for 60 % of the size, spread over the free cores).
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

export interface ZipEntry {
  /** '/'-separated path inside the archive */
  path: string;
  bytes: Uint8Array;
}

/** Fixed timestamp (local components, so the DOS date/time is the same in every time zone). */
export const ZIP_MTIME = new Date(2026, 0, 5, 9, 0, 0);

const deflateRawAsync = promisify(deflateRaw);

/** A deterministic ZIP of the entries, in the given order; level 0 stores, 1–9 deflates (Huffman only). */
export async function zipEntries(entries: readonly ZipEntry[], level: number): Promise<Uint8Array> {
  const compressed =
    level > 0
      ? await Promise.all(entries.map(async (e) => new Uint8Array(await deflateRawAsync(e.bytes, { level, strategy: constants.Z_HUFFMAN_ONLY }))))
      : entries.map((e) => e.bytes);
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else chunks.push(chunk);
    if (final) finished = true;
  });
  for (const [i, e] of entries.entries()) {
    const data = compressed[i]! as Uint8Array<ArrayBuffer>; // fflate's handler type wants a plain ArrayBuffer view
    const file: ZipInputFile = {
      filename: e.path,
      size: e.bytes.length,
      crc: crc32(e.bytes),
      compression: level > 0 ? 8 : 0,
      mtime: ZIP_MTIME,
    };
    zip.add(file);
    file.ondata!(null, data, true);
  }
  zip.end();
  if (failure) throw failure;
  if (!finished) throw new Error('ZIP stream did not finish');
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
