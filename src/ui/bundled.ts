/** The bundled training studies served at /studies/ (index.json written by the sample-data generator). */
import type { InputFile } from '../dicom/types.ts';

export interface BundledStudy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly imageCount: number;
  readonly folder: string;
  readonly zip: string;
  readonly truth: string;
}

export const STUDIES_BASE = '/studies/';

export async function fetchStudyIndex(): Promise<BundledStudy[]> {
  const res = await fetch(`${STUDIES_BASE}index.json`, { cache: 'no-store' });
  if (!res.ok) return [];
  const body = (await res.json()) as { studies?: BundledStudy[] };
  return body.studies ?? [];
}

/** URL of the listing of a study folder (the service worker and "Keep offline" use the same URLs). */
export function studyListingUrl(study: BundledStudy): string {
  return `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/__files.json`;
}

export function studyFileUrl(study: BundledStudy, name: string): string {
  return `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** Fetches every file of a study folder from the local server (the listing excludes .json files). */
export async function fetchStudyFiles(study: BundledStudy, onProgress?: (done: number, total: number) => void): Promise<InputFile[]> {
  const base = `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/`;
  const res = await fetch(studyListingUrl(study), { cache: 'no-store' });
  if (!res.ok) throw new Error(`cannot list ${base}: HTTP ${res.status}`);
  const { files } = (await res.json()) as { files: string[] };
  let done = 0;
  let lastProgressMs = 0;
  return Promise.all(
    files.map(async (name) => {
      const r = await fetch(studyFileUrl(study, name));
      if (!r.ok) throw new Error(`cannot read ${base}${name}: HTTP ${r.status}`);
      const bytes = new Uint8Array(await r.arrayBuffer());
      // at most every 100 ms (each DOM change costs a composited frame), and the last file
      const now = performance.now();
      if (++done === files.length || now - lastProgressMs >= 100) {
        lastProgressMs = now;
        onProgress?.(done, files.length);
      }
      return { name, bytes };
    }),
  );
}
