/**
 * Walks ../shared/dicom-corpus (MANIFEST.tsv, read in place): every `image` parses and decodes
 * to rows×columns×frames (or is refused with a message naming its transfer syntax when listed
 * in REFUSED), every `error` is refused with a coded, clear message, every `non-image` is listed.
 * Coordinates: DICOM LPS mm.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, corpusAvailable, readCorpusFile, readManifest, REFUSED } from './corpus-helpers.ts';
import { parseDicom } from '../../../src/dicom/parse.ts';
import { decodeFrame, storedToHu } from '../../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../../src/dicom/codecs-node.ts';
import { DicomError } from '../../../src/dicom/errors.ts';
import { dicomMessage } from '../../../src/dicom/messages.ts';
import { ingestFiles } from '../../../src/dicom/ingest.ts';
import type { ParsedImage } from '../../../src/dicom/types.ts';

const LOSSLESS = new Set([
  '1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.1.98', '1.2.840.10008.1.2.4.110',
]);

const codecs = createNodeCodecs();
const rows = corpusAvailable ? readManifest() : [];

describe.skipIf(!corpusAvailable)('real-world corpus (MANIFEST.tsv)', () => {
  it('has the documented number of entries', () => {
    expect(rows.length).toBe(365);
  });

  it('decodes every `image` to rows×columns×frames, or refuses it naming the syntax', async () => {
    const failures: string[] = [];
    for (const r of rows.filter((x) => x.expect === 'image')) {
      try {
        const p = parseDicom(readCorpusFile(r.path), { name: r.path });
        if (p.kind !== 'image') throw new Error(`classified ${p.kind}`);
        const h = p.header;
        if (h.rows !== r.rows || h.columns !== r.columns || h.numberOfFrames !== r.frames) {
          throw new Error(`header ${h.rows}x${h.columns}x${h.numberOfFrames} vs manifest ${r.rows}x${r.columns}x${r.frames}`);
        }
        const refused = REFUSED[r.path];
        for (const f of new Set([0, h.numberOfFrames - 1])) {
          if (refused) {
            const err = await decodeFrame(p, f, codecs).then(() => undefined, (e: unknown) => e);
            if (!(err instanceof DicomError) || err.code !== 'unsupported-transfer-syntax') throw new Error(`expected a refusal, got ${String(err)}`);
            if (!dicomMessage(err.code, err.params, 'en').includes(refused)) throw new Error('refusal does not name the syntax');
            continue;
          }
          const d = await decodeFrame(p, f, codecs);
          if (d.rows !== r.rows || d.columns !== r.columns || d.stored.length !== r.rows * r.columns * h.samplesPerPixel) {
            throw new Error(`decoded ${d.rows}x${d.columns} (${d.stored.length} samples)`);
          }
        }
      } catch (e) {
        failures.push(`${r.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every `error` file with a coded, clear message (no crash, no hang)', async () => {
    const failures: string[] = [];
    for (const r of rows.filter((x) => x.expect === 'error')) {
      let err: unknown;
      try {
        const p = parseDicom(readCorpusFile(r.path), { name: r.path });
        if (p.kind === 'image') await decodeFrame(p, 0, codecs);
        failures.push(`${r.path}: accepted as ${p.kind}`);
        continue;
      } catch (e) {
        err = e;
      }
      if (!(err instanceof DicomError) || err.code === 'internal') failures.push(`${r.path}: ${String(err)}`);
      else {
        for (const lang of ['fr', 'en'] as const) {
          const msg = dicomMessage(err.code, err.params, lang);
          if (msg.length < 10 || msg === err.code) failures.push(`${r.path}: unclear ${lang} message "${msg}"`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists every `non-image` without a crash, and ingest skips nothing else', () => {
    const nonImages = rows.filter((x) => x.expect === 'non-image');
    const files = nonImages.map((r) => ({ name: r.path, bytes: readCorpusFile(r.path) }));
    const result = ingestFiles(files);
    expect(result.skipped).toEqual([]);
    expect(result.studies).toEqual([]);
    expect(result.nonImages.map((n) => n.file).sort()).toEqual(nonImages.map((r) => r.path).sort());
  });

  for (const [dir, ref] of [
    ['transfer-syntax/ge-ct-slice', 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm'],
    ['transfer-syntax/philips-ct-slice', 'I150'],
  ] as const) {
    it(`${dir}: lossless syntaxes give the Explicit VR LE HU exactly, lossy ones within tolerance`, async () => {
      const hu = async (name: string) => {
        const p = parseDicom(readCorpusFile(`${dir}/${name}`)) as ParsedImage;
        return { ts: p.header.transferSyntaxUid, hu: storedToHu((await decodeFrame(p, 0, codecs)).stored, p.header.frames[0] ?? p.header.shared) };
      };
      const reference = (await hu(ref)).hu;
      const report: string[] = [];
      let compared = 0;
      for (const name of readdirSync(join(CORPUS, dir)).sort()) {
        if (REFUSED[`${dir}/${name}`]) continue;
        const { ts, hu: values } = await hu(name);
        let maxAbs = 0;
        let sumAbs = 0;
        for (let i = 0; i < reference.length; i++) {
          const d = Math.abs((values[i] as number) - (reference[i] as number));
          sumAbs += d;
          if (d > maxAbs) maxAbs = d;
        }
        const meanAbs = sumAbs / reference.length;
        compared++;
        // Lossy limits: the 8-bit JPEG (slope 32) and its JPEG XL transcode are the worst (mean ≈ 20 HU).
        const ok = LOSSLESS.has(ts) ? maxAbs === 0 : meanAbs <= 25;
        if (!ok) report.push(`${name} (${ts}): max ${maxAbs.toFixed(1)} mean ${meanAbs.toFixed(2)}`);
      }
      expect(report).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(dir.includes('ge-ct') ? 19 : 3);
    });
  }
});
