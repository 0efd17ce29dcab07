/** Collects local files (input, drag-and-drop, .zip) into in-memory InputFiles. Nothing is uploaded. */
import { unzipSync } from 'fflate';
import type { InputFile } from '../dicom/types.ts';

export interface CollectedFiles {
  readonly files: InputFile[];
  /** Archives that could not be read, with the reason. */
  readonly failures: { readonly file: string; readonly reason: string }[];
}

function fileName(f: File): string {
  return (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
}

/** Synchronous inflate: fflate's async unzip starts a worker per entry (hundreds for a CT study) and exhausts memory. */
async function unzipEntries(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  return unzipSync(bytes);
}

export async function collectFiles(
  list: Iterable<File>,
  onProgress?: (done: number, total: number) => void,
): Promise<CollectedFiles> {
  const inputs = [...list];
  const files: InputFile[] = [];
  const failures: { file: string; reason: string }[] = [];
  let done = 0;
  await Promise.all(
    inputs.map(async (f) => {
      const name = fileName(f);
      const bytes = new Uint8Array(await f.arrayBuffer());
      if (/\.zip$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)) {
        try {
          const entries = await unzipEntries(bytes);
          for (const [entry, data] of Object.entries(entries)) {
            if (!entry.endsWith('/') && data.length > 0 && !/(^|\/)__MACOSX\//.test(entry)) files.push({ name: `${name}/${entry}`, bytes: data });
          }
        } catch (e) {
          failures.push({ file: name, reason: e instanceof Error ? e.message : String(e) });
        }
      } else {
        files.push({ name, bytes });
      }
      onProgress?.(++done, inputs.length);
    }),
  );
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { files, failures };
}

/** Files of a drop, walking dropped folders (webkitGetAsEntry). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((it) => it.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...dt.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(new File([file], `${prefix}${file.name}`, { type: file.type }));
      Object.defineProperty(out[out.length - 1]!, 'webkitRelativePath', { value: `${prefix}${file.name}` });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

/** A drop zone: highlighted (class `over`) while files are dragged over it; the files of a drop (folders walked) go to `onFiles` when there are any. */
export function wireDropZone(drop: HTMLElement, onFiles: (files: File[]) => void): void {
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer) {
      void filesFromDrop(e.dataTransfer).then((files) => {
        if (files.length) onFiles(files);
      });
    }
  });
}
