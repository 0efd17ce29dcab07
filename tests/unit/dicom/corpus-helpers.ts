/** Reading the shared real-world corpus in place (never copied). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** /work/shared/dicom-corpus, resolved from this file (tests/unit/dicom → repo → ../shared). */
export const CORPUS = join(__dirname, '../../../..', 'shared', 'dicom-corpus');
export const corpusAvailable = existsSync(join(CORPUS, 'MANIFEST.tsv'));

export interface ManifestRow {
  readonly path: string;
  readonly transferSyntax: string;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly expect: 'image' | 'error' | 'non-image';
  readonly decodeCheck: string;
}

export function readManifest(): ManifestRow[] {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => header.indexOf(name);
  const iPath = col('path'), iTs = col('transfer_syntax_uid'), iDims = col('rows_x_cols_x_frames'), iExp = col('expect'), iChk = col('decode_check');
  return lines.slice(1).map((line) => {
    const c = line.split('\t');
    const dims = (c[iDims] ?? '').split('x').map((s) => parseInt(s, 10));
    return {
      path: c[iPath] ?? '',
      transferSyntax: c[iTs] ?? '',
      rows: dims[0] ?? NaN,
      columns: dims[1] ?? NaN,
      frames: dims[2] ?? NaN,
      expect: (c[iExp] ?? '') as ManifestRow['expect'],
      decodeCheck: c[iChk] ?? '',
    };
  });
}

export function readCorpusFile(path: string): Uint8Array {
  const b = readFileSync(join(CORPUS, path));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Corpus images no decoder in the stack handles correctly: refused with the syntax named. */
export const REFUSED: Readonly<Record<string, string>> = {
  // 12-bit progressive JPEG with successive approximation: the only JS decoder that reads
  // 12-bit progressive data gets refinement scans wrong (errors of ~285 HU), so it is refused.
  'transfer-syntax/ge-ct-slice/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm': '1.2.840.10008.1.2.4.55',
};
