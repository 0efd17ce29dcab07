// One instance of a study on disk, found by its SOP instance UID and decoded by the project's Node code,
// drawn grey at the CT angiography window (W 800 / L 200 HU): what the PACS panel's first image must show.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDicom } from '../../src/dicom/parse.ts';
import { decodeFrame, storedToHu } from '../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../src/dicom/codecs-node.ts';
import { sopUidOf } from '../../src/pacs/retrieval.ts';

export async function ctaGreyOfDiskInstance(folder: string, sopUid: string): Promise<{ rows: number; columns: number; grey: Uint8ClampedArray }> {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(folder)) {
    if (!/\.dcm$/i.test(file) && /\.\w+$/.test(file)) continue;
    const bytes = new Uint8Array(readFileSync(file));
    if (sopUidOf(bytes) !== sopUid) continue;
    const parsed = parseDicom(bytes, { name: file });
    if (parsed.kind !== 'image') throw new Error(`${file}: not an image`);
    const frame = await decodeFrame(parsed, 0, createNodeCodecs());
    const hu = storedToHu(frame.stored, parsed.header.shared);
    const lower = 200 - 400;
    const grey = new Uint8ClampedArray(hu.length);
    for (let i = 0; i < hu.length; i++) grey[i] = ((hu[i]! - lower) / 800) * 255;
    return { rows: frame.rows, columns: frame.columns, grey };
  }
  throw new Error(`no instance ${sopUid} under ${folder}`);
}
