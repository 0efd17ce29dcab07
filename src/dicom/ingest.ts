/** Pure ingest of in-memory files (browser or Node): parse, classify, group, sort. */
import type { InputFile, SkippedFile } from './types.ts';
import type { IngestResult, NonImageRef, SliceRef } from './series-types.ts';
import { parseDicom } from './parse.ts';
import { toDicomError } from './errors.ts';
import { groupSeries, groupStudies, splitMissingGeometry } from './series.ts';

export interface IngestOptions {
  /** Called after each file is parsed (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Parse every file, list non-images, skip unreadable files with a code, group the images
 * into studies and series (slices sorted along the normal). Never throws for a bad file.
 */
export function ingestFiles(files: readonly InputFile[], opts: IngestOptions = {}): IngestResult {
  const slices: SliceRef[] = [];
  const nonImages: NonImageRef[] = [];
  const skipped: SkippedFile[] = [];
  files.forEach((f, idx) => {
    try {
      const parsed = parseDicom(f.bytes, { name: f.name });
      if (parsed.kind === 'image') {
        for (let k = 0; k < parsed.header.numberOfFrames; k++) slices.push({ file: f.name, frameIndex: k, image: parsed });
      } else {
        nonImages.push({ file: f.name, kind: parsed.nonImageKind, sopClassUid: parsed.header.sopClassUid, modality: parsed.header.modality });
      }
    } catch (e) {
      const err = toDicomError(e);
      skipped.push({ file: f.name, reason: err.code, params: err.params });
    }
    opts.onProgress?.(idx + 1, files.length);
  });
  const { kept, refused } = splitMissingGeometry(slices);
  for (const file of new Set(refused.map((s) => s.file))) {
    skipped.push({ file, reason: 'missing-attribute', params: { attribute: 'ImagePositionPatient / ImageOrientationPatient' } });
  }
  return { studies: groupStudies(groupSeries(kept)), nonImages, skipped };
}
