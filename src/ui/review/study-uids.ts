/**
 * Which bundled training study a StudyInstanceUID is: the UID is read from the header of one file of each bundled
 * study (fetched once per page, then kept in the returned resolver).
 */
import * as dicomParser from 'dicom-parser';
import { STUDIES_BASE, type BundledStudy } from '../bundled.ts';

async function uidOf(study: BundledStudy): Promise<string | undefined> {
  const base = `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/`;
  const list = await fetch(`${base}__files.json`, { cache: 'no-store' });
  if (!list.ok) return undefined;
  const { files } = (await list.json()) as { files: string[] };
  const first = files.find((f) => !/DICOMDIR$/i.test(f));
  if (!first) return undefined;
  const res = await fetch(base + first.split('/').map(encodeURIComponent).join('/'));
  if (!res.ok) return undefined;
  const ds = dicomParser.parseDicom(new Uint8Array(await res.arrayBuffer()), { untilTag: 'x7fe00010' });
  return ds.string('x0020000d')?.trim();
}

export type StudyResolver = (studyInstanceUid: string) => Promise<BundledStudy | undefined>;

export function bundledStudyResolver(studies: () => readonly BundledStudy[]): StudyResolver {
  let table: Promise<Map<string, BundledStudy>> | undefined;
  return async (uid) => {
    table ??= Promise.all(studies().map(async (s) => [await uidOf(s).catch(() => undefined), s] as const)).then(
      (pairs) => new Map(pairs.filter((p): p is readonly [string, BundledStudy] => p[0] !== undefined)),
    );
    return (await table).get(uid);
  };
}
