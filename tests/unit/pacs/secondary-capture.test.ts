// Secondary Captures of the views: written by src/pacs/secondary-capture.ts, read back by the project's own
// DICOM parser and decoder, pixel for pixel (an odd-sized image included, whose pixel data is padded).
import { describe, expect, it } from 'vitest';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { decodeFrame } from '../../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import { SECONDARY_CAPTURE, secondaryCaptures } from '../../../src/pacs/secondary-capture.ts';
import { sopUidOf } from '../../../src/pacs/retrieval.ts';

function image(columns: number, rows: number, label: string) {
  const rgb = new Uint8Array(columns * rows * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37 + (i % 3) * 101) & 255;
  return { columns, rows, rgb, label };
}

describe('secondary captures', () => {
  it('writes one series of RGB captures that read back pixel for pixel', async () => {
    const imgs = [image(7, 5, 'axial'), image(64, 48, 'cpr')];
    const files = secondaryCaptures({ studyInstanceUid: '1.2.3.4', seriesDescription: 'Vues', images: imgs });
    expect(files.length).toBe(2);
    const series = new Set<string>();
    for (const [i, bytes] of files.entries()) {
      const parsed = parseDicom(bytes);
      expect(parsed.kind).toBe('image');
      if (parsed.kind !== 'image') return;
      const h = parsed.header;
      expect([h.rows, h.columns, h.samplesPerPixel, h.photometric, h.bitsAllocated]).toEqual([imgs[i]!.rows, imgs[i]!.columns, 3, 'RGB', 8]);
      expect(parsed.dataSet.string('x00080016')).toBe(SECONDARY_CAPTURE);
      expect(parsed.dataSet.string('x0020000d')).toBe('1.2.3.4');
      expect(parsed.dataSet.string('x00080060')).toBe('OT');
      expect(parsed.dataSet.string('x00082111')).toBe(imgs[i]!.label);
      expect(sopUidOf(bytes)).toBe(parsed.dataSet.string('x00080018'));
      series.add(parsed.dataSet.string('x0020000e')!);
      const frame = await decodeFrame(parsed, 0, createNodeCodecs());
      expect(Array.from(frame.stored)).toEqual(Array.from(imgs[i]!.rgb));
    }
    expect(series.size).toBe(1);
  });

  it('refuses pixels that do not fill the image', () => {
    expect(() => secondaryCaptures({ studyInstanceUid: '1.2', seriesDescription: 'x', images: [{ columns: 4, rows: 4, rgb: new Uint8Array(47), label: 'a' }] })).toThrow(/47 bytes for 4×4 RGB/);
  });
});
