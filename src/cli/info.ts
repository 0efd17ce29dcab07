/** `coro info <path> [--json]`: studies, series, problems and skipped files. */
import { booleanOption, CliError, COMMON_OPTIONS, parseArgs, type CliContext, type CliRun } from './args.ts';
import type { IngestResult } from '../dicom/series-types.ts';
import { dicomMessage } from '../dicom/messages.ts';
import type { NonImageKind } from '../dicom/types.ts';
import type { Lang } from '../i18n/lang.ts';
import { pairedCatalogue } from '../i18n/catalogue.ts';
import { collectInputs } from '../dicom/source-node.ts';
import { ingestFiles } from '../dicom/ingest.ts';

/** The `info --json` contract. */
export interface InfoJson {
  studies: {
    studyInstanceUid: string;
    description: string;
    series: {
      seriesInstanceUid: string;
      modality: string;
      description: string;
      rows: number;
      columns: number;
      slices: number;
      spacingMm: [number, number, number];
      transferSyntaxes: string[];
      problems: string[];
    }[];
  }[];
  skipped: { file: string; reason: string }[];
}

const NON_IMAGE_LABEL: Readonly<Record<NonImageKind, Readonly<Record<Lang, string>>>> & Readonly<Record<string, Readonly<Record<Lang, string>> | undefined>> = {
  dicomdir: { fr: 'répertoire DICOMDIR', en: 'DICOMDIR directory' },
  'structured-report': { fr: 'compte-rendu structuré (SR)', en: 'structured report (SR)' },
  'key-object': { fr: 'sélection d’objets clés', en: 'key object selection' },
  'rt-plan': { fr: 'plan de radiothérapie', en: 'RT plan' },
  'rt-structure-set': { fr: 'structures de radiothérapie', en: 'RT structure set' },
  waveform: { fr: 'tracé (ECG, forme d’onde)', en: 'waveform (ECG)' },
  segmentation: { fr: 'segmentation (SEG)', en: 'segmentation (SEG)' },
  'presentation-state': { fr: 'état de présentation', en: 'presentation state' },
  'encapsulated-document': { fr: 'document encapsulé', en: 'encapsulated document' },
  'raw-data': { fr: 'données brutes', en: 'raw data' },
  other: { fr: 'objet DICOM sans image', en: 'DICOM object without an image' },
};

const say = pairedCatalogue({
  study: { fr: 'Examen', en: 'Study' },
  series: { fr: 'Série', en: 'Series' },
  skipped: { fr: 'Fichiers ignorés :', en: 'Skipped files:' },
  nothingReadable: { fr: 'rien de lisible dans {path}', en: 'nothing readable in {path}' },
});

/**
 * Convert an ingest result to the info JSON. Problems and skip reasons are "code: message"
 * (message in `lang`). Non-image objects (SR, DICOMDIR, SEG…) are listed under `skipped` with
 * reason "non-image: …" since they are not displayed.
 */
export function toInfoJson(result: IngestResult, lang: Lang): InfoJson {
  return {
    studies: result.studies.map((st) => ({
      studyInstanceUid: st.studyInstanceUid,
      description: st.description,
      series: st.series.map((s) => ({
        seriesInstanceUid: s.seriesInstanceUid,
        modality: s.modality,
        description: s.description,
        rows: s.rows,
        columns: s.columns,
        slices: s.slices.length,
        spacingMm: [s.spacingMm[0], s.spacingMm[1], s.spacingMm[2]],
        transferSyntaxes: [...s.transferSyntaxes],
        problems: s.problems.map((p) => `${p.code}: ${dicomMessage(p.code, p.params, lang)}`),
      })),
    })),
    skipped: [
      ...result.skipped.map((s) => ({ file: s.file, reason: `${s.reason}: ${dicomMessage(s.reason, s.params, lang)}` })),
      ...result.nonImages.map((n) => ({ file: n.file, reason: `non-image: ${(NON_IMAGE_LABEL[n.kind] ?? NON_IMAGE_LABEL.other)[lang]}` })),
    ],
  };
}

function printText(info: InfoJson, ctx: CliContext): void {
  const l = ctx.lang;
  for (const st of info.studies) {
    ctx.stdout(`${say(l, 'study')} ${st.studyInstanceUid || '(?)'}${st.description ? ` — ${st.description}` : ''}`);
    for (const s of st.series) {
      const sp = s.spacingMm.map((x) => +x.toFixed(3)).join(' × ');
      ctx.stdout(`  ${say(l, 'series')} ${s.seriesInstanceUid || '(?)'} ${s.modality} "${s.description}" ${s.columns}×${s.rows}×${s.slices}, ${sp} mm, ${s.transferSyntaxes.join(', ')}`);
      for (const p of s.problems) ctx.stdout(`    ! ${p}`);
    }
  }
  if (info.skipped.length > 0) ctx.stdout(say(l, 'skipped'));
  for (const s of info.skipped) ctx.stdout(`  ${s.file}: ${s.reason}`);
}

export const run: CliRun = async (argv, ctx) => {
  const args = parseArgs(argv, COMMON_OPTIONS);
  if (booleanOption(args, 'help')) {
    ctx.stdout('usage: coro info <path> [--json] [--lang fr|en]');
    return 0;
  }
  const path = args.positionals[0];
  if (path === undefined) throw new CliError('info: missing <path> (a folder, a file, a .zip or a DICOMDIR)');
  if (args.positionals.length > 1) throw new CliError(`info: one <path> expected, got ${args.positionals.length}`);
  ctx.progress?.(`coro info: reading ${path}`);
  const inputs = await collectInputs(path);
  ctx.progress?.(`coro info: parsing ${inputs.files.length} file(s)`);
  const parsed = ingestFiles(inputs.files);
  const result: IngestResult = { ...parsed, skipped: [...inputs.skipped, ...parsed.skipped] };
  if (result.studies.length === 0 && result.nonImages.length === 0) {
    const first = result.skipped[0];
    const why = first ? ` (${first.file}: ${dicomMessage(first.reason, first.params, ctx.lang)})` : '';
    throw new CliError(`${say(ctx.lang, 'nothingReadable', { path })}${why}`);
  }
  const info = toInfoJson(result, ctx.lang);
  if (booleanOption(args, 'json')) ctx.stdout(JSON.stringify(info));
  else printText(info, ctx);
  return 0;
};
