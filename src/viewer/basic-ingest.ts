/** Minimal fallback header reader (dicom-parser): group by series, sort by IPP along the normal. */
import * as dicomParser from 'dicom-parser';
import type { InputFile } from '../dicom/types.ts';
import type { FileProblem, IngestSummary, OpenableSeries } from './series-choice.ts';
import { cross } from './orientation.ts';

interface Slice {
  readonly name: string;
  readonly ipp: number[];
  readonly iop: number[];
}

function numbers(ds: dicomParser.DataSet, tag: string): number[] {
  const s = ds.string(tag);
  return s ? s.split('\\').map(Number) : [];
}

export function basicIngest(files: readonly InputFile[]): IngestSummary {
  const problems: FileProblem[] = [];
  const groups = new Map<string, { description: string; modality: string; slices: Slice[] }>();
  for (const f of files) {
    let ds: dicomParser.DataSet;
    try {
      ds = dicomParser.parseDicom(f.bytes);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      problems.push({ file: f.name, message: (lang) => (lang === 'fr' ? `Fichier illisible (pas un DICOM valide) : ${detail}` : `Unreadable file (not valid DICOM): ${detail}`) });
      continue;
    }
    if (!ds.elements['x7fe00010'] || !ds.uint16('x00280010')) {
      problems.push({ file: f.name, message: (lang) => (lang === 'fr' ? 'Fichier DICOM sans image : ignoré.' : 'DICOM file without an image: skipped.') });
      continue;
    }
    const uid = ds.string('x0020000e') ?? 'unknown';
    const g = groups.get(uid) ?? { description: ds.string('x0008103e') ?? '', modality: ds.string('x00080060') ?? '', slices: [] };
    g.slices.push({ name: f.name, ipp: numbers(ds, 'x00200032'), iop: numbers(ds, 'x00200037') });
    groups.set(uid, g);
  }
  const series: OpenableSeries[] = [];
  for (const [key, g] of groups) {
    const iop = g.slices[0]?.iop ?? [];
    const n = iop.length === 6 ? cross([iop[0]!, iop[1]!, iop[2]!], [iop[3]!, iop[4]!, iop[5]!]) : [0, 0, 1];
    const d = (s: Slice) => (s.ipp.length === 3 ? s.ipp[0]! * n[0]! + s.ipp[1]! * n[1]! + s.ipp[2]! * n[2]! : 0);
    const sorted = [...g.slices].sort((a, b) => d(a) - d(b));
    series.push({ key, description: g.description || g.modality, modality: g.modality, files: sorted.map((s) => s.name), problems: [] });
  }
  series.sort((a, b) => b.files.length - a.files.length);
  return { series, problems };
}
