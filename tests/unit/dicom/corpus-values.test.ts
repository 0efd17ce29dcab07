/**
 * Decoded stored values of corpus images against the manifest's reference min/max (pydicom,
 * GDCM, dcmtk): catches signedness, BitsStored, byte order and codec quirks.
 */
import { describe, expect, it } from 'vitest';
import { corpusAvailable, readCorpusFile, readManifest, REFUSED } from './corpus-helpers.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { decodeFrame } from '../../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';

/** Where this ingest deliberately differs from the manifest's reference tool. */
const DIFFERS: Readonly<Record<string, string>> = {
  'pixel-format/JLSL_16_15_1_1F.dcm': 'signed 15-bit JPEG-LS: we sign-extend from BitsStored, pydicom returns raw 15-bit patterns',
  'multiframe/examples_ybr_color.dcm': 'colour JPEG: libjpeg-turbo converts YBR to RGB',
  'pixel-format/SC_jpeg_no_color_transform.dcm': 'colour JPEG without transform: libjpeg-turbo applies YCbCr→RGB',
  'transfer-syntax/philips-ct-slice/I150_JPEGXL_1.2.840.10008.1.2.4.112.dcm': 'lossy JPEG XL: libjxl wasm vs djxl (8-bit precision path), within lossy tolerance elsewhere',
};

describe.skipIf(!corpusAvailable)('corpus stored values', () => {
  it('match the manifest min/max (last reported range), quirks included', async () => {
    const codecs = createNodeCodecs();
    const bad: string[] = [];
    let checked = 0;
    for (const r of readManifest()) {
      if (r.expect !== 'image' || REFUSED[r.path] || DIFFERS[r.path] || r.path.startsWith('cta/')) continue;
      const all = [...r.decodeCheck.matchAll(/stored min\/max (-?[\d.]+)\/(-?[\d.]+)/g)];
      const last = all[all.length - 1];
      if (!last) continue;
      const p = parseDicom(readCorpusFile(r.path));
      if (p.kind !== 'image') {
        bad.push(`${r.path}: not an image`);
        continue;
      }
      let mn = Infinity;
      let mx = -Infinity;
      for (let f = 0; f < p.header.numberOfFrames; f++) {
        const s = (await decodeFrame(p, f, codecs)).stored;
        for (let i = 0; i < s.length; i++) {
          const v = s[i] as number;
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
      }
      const wantMin = Number(last[1]);
      const wantMax = Number(last[2]);
      const tol = Number.isInteger(wantMax) ? 0 : 1e-4;
      if (Math.abs(mn - wantMin) > tol || Math.abs(mx - wantMax) > tol) bad.push(`${r.path}: ${mn}/${mx}, manifest ${wantMin}/${wantMax}`);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});
