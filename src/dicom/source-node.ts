/** Node input collection: folder (recursive), one file, a .zip, or a DICOMDIR. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import type { InputFile, SkippedFile } from './types.ts';
import { DicomError } from './errors.ts';
import { isDicomdir, readDicomdir } from './dicomdir.ts';

export interface CollectedInputs {
  readonly files: InputFile[];
  readonly skipped: SkippedFile[];
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

/**
 * Collect the files under `path`. Unreadable files become skipped entries; .zip files found
 * in a folder are expanded; a DICOMDIR given directly yields its referenced files.
 * @throws DicomError `path-not-found`
 */
export async function collectInputs(path: string): Promise<CollectedInputs> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new DicomError('path-not-found', { path }, `no such file or folder: ${path}`);
  }
  const files: InputFile[] = [];
  const skipped: SkippedFile[] = [];
  if (st.isDirectory()) {
    for (const abs of await walk(path, skipped)) await addFile(abs, relative(path, abs) || basename(abs), files, skipped);
    return { files, skipped };
  }
  const bytes = await readBytes(path, basename(path), skipped);
  if (!bytes) return { files, skipped };
  if (isDicomdir(bytes)) return collectDicomdir(path, bytes);
  if (isZip(bytes)) return unzipInputs(basename(path), bytes);
  files.push({ name: basename(path), bytes });
  return { files, skipped };
}

async function walk(dir: string, skipped: SkippedFile[]): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    skipped.push({ file: dir, reason: 'unreadable-file', params: { detail: String(e) } });
    return out;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, skipped)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function readBytes(abs: string, name: string, skipped: SkippedFile[]): Promise<Uint8Array | undefined> {
  try {
    const b = await readFile(abs);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    skipped.push({ file: name, reason: 'unreadable-file', params: { detail: e instanceof Error ? e.message : String(e) } });
    return undefined;
  }
}

async function addFile(abs: string, name: string, files: InputFile[], skipped: SkippedFile[]): Promise<void> {
  const bytes = await readBytes(abs, name, skipped);
  if (!bytes) return;
  if (isZip(bytes)) {
    const z = unzipInputs(name, bytes);
    files.push(...z.files);
    skipped.push(...z.skipped);
    return;
  }
  files.push({ name, bytes });
}

/** A DICOMDIR given directly: its referenced files (missing ones are skipped) plus itself. */
async function collectDicomdir(path: string, bytes: Uint8Array): Promise<CollectedInputs> {
  const files: InputFile[] = [{ name: basename(path), bytes }];
  const skipped: SkippedFile[] = [];
  const root = dirname(path);
  const seen = new Set<string>();
  for (const entry of readDicomdir(bytes)) {
    const rel = entry.pathComponents.join('/');
    if (seen.has(rel)) continue;
    seen.add(rel);
    const abs = await resolveCaseInsensitive(root, entry.pathComponents);
    if (!abs) {
      skipped.push({ file: rel, reason: 'dicomdir-missing-file', params: { file: rel } });
      continue;
    }
    await addFile(abs, relative(root, abs), files, skipped);
  }
  return { files, skipped };
}

/** ReferencedFileID components are upper case on media; the copy on disk may not be. */
async function resolveCaseInsensitive(root: string, parts: readonly string[]): Promise<string | undefined> {
  let cur = root;
  for (const part of parts) {
    let names: string[];
    try {
      names = await readdir(cur);
    } catch {
      return undefined;
    }
    const hit = names.find((n) => n === part) ?? names.find((n) => n.toUpperCase() === part.toUpperCase());
    if (!hit) return undefined;
    cur = join(cur, hit);
  }
  return cur;
}

/** Unzip an archive in memory (fflate); directories and __MACOSX entries are dropped. */
export function unzipInputs(zipName: string, bytes: Uint8Array): CollectedInputs {
  const files: InputFile[] = [];
  const skipped: SkippedFile[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && !f.name.startsWith('__MACOSX/') && !/(^|\/)\.DS_Store$/.test(f.name) });
  } catch (e) {
    skipped.push({ file: zipName, reason: 'zip-error', params: { detail: e instanceof Error ? e.message : String(e) } });
    return { files, skipped };
  }
  for (const name of Object.keys(entries).sort()) files.push({ name: `${zipName}/${name}`, bytes: entries[name] as Uint8Array });
  return { files, skipped };
}
