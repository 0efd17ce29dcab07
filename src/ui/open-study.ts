/** Opening a study: a bundled case or the user's files → ingest → (choose a series) → fit in memory → the viewer. */
import { ingestLocal, type FileProblem, type IngestSummary, type OpenableSeries } from '../viewer/series-choice.ts';
import { BundledFetchError, fetchStudyFiles, type BundledStudy } from './bundled.ts';
import { collectFiles } from './files.ts';
import { format, type Lang } from '../i18n/index.ts';
import { chooseSeries, renderProblems } from './panels.ts';
import type { InputFile } from '../dicom/types.ts';
import { DicomError } from '../dicom/errors.ts';
import { dicomMessage, errorMessage } from '../dicom/messages.ts';
import { rb } from '../i18n/robustness.ts';
import { checkSeriesSize, decimate, filesFit } from '../volume/memory-budget.ts';
import { deviceBudget, offerDecimation, tooManyFilesText } from './size-guard.ts';
import { $, type App } from './app-page.ts';
import type { StreamOpen } from './pacs/pacs-open.ts';

/** A thrown value as one line: dicom-parser rejects with `{ error, dataSet }`, not an Error. */
function errorText(e: unknown, lang: Lang): string {
  if (e instanceof DicomError) return errorMessage(e, lang);
  if (e instanceof BundledFetchError) return e.status ? format(lang, 'caseHttp', { status: e.status, url: e.url }) : format(lang, 'caseNotReceived');
  if (e instanceof Error) return e.message;
  const inner = (e as { error?: unknown } | null)?.error;
  return inner instanceof Error ? inner.message : typeof inner === 'string' ? inner : String(e);
}

/** The slices of `series` that fit in memory: all of them, or one in `step` when the user accepts that. */
async function slicesThatFit(app: App, series: OpenableSeries, byName: ReadonlyMap<string, Uint8Array>): Promise<string[]> {
  const { ctx } = app;
  const present = series.files.filter((n) => byName.has(n));
  // refused before decoding when it would not fit in memory; one slice in `step` if the user asks
  const size = { rows: series.rows, columns: series.columns, slices: present.length, fileBytes: present.reduce((n, f) => n + byName.get(f)!.byteLength, 0) };
  const verdict = checkSeriesSize(size, deviceBudget());
  if (verdict.fits) return present;
  const step = await offerDecimation($('#error'), size, verdict, ctx.lang);
  app.status.clearError();
  const note = (lang: Lang) => rb(lang, 'decimated', { step, spacingMm: series.sliceSpacingMm ? +(series.sliceSpacingMm * step).toFixed(2) : '?' });
  ctx.problems = [...ctx.problems, { file: series.description || series.key, message: note }];
  renderProblems($('#problems'), ctx.problems, ctx.lang);
  return decimate(present, step);
}

/** Ingest → (choose) → open. `t0` is the click time. */
export async function openFiles(app: App, files: InputFile[], t0: number, extraProblems: FileProblem[] = []): Promise<void> {
  const { ctx, status } = app;
  status.clearError();
  const phases: Record<string, number> = { filesRead: performance.now() - t0 };
  const summary: IngestSummary = ingestLocal(files);
  phases.ingested = performance.now() - t0;
  ctx.problems = [...extraProblems, ...summary.problems];
  renderProblems($('#problems'), ctx.problems, ctx.lang);
  if (summary.series.length === 0) {
    status.error(files.length === 1 && /DICOMDIR$/i.test(files[0]!.name) ? 'dicomdirAlone' : 'noSeries');
    return;
  }
  let series: OpenableSeries = summary.series[0]!;
  if (summary.series.length > 1) series = await chooseSeries($('#chooser'), summary.series, ctx.lang);
  if (series.notVolume) {
    status.error('openFailed', (lang) => ({ reason: dicomMessage('not-a-volume', { reason: series.notVolume! }, lang) }));
    return;
  }
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const present = await slicesThatFit(app, series, byName);
  const slices = present.map((n) => byName.get(n)!);
  ctx.openFiles = present;
  const viewer = await app.ensureViewer();
  try {
    await viewer.open({ slices, seriesKey: series.key, description: series.description, t0, phases });
  } catch (e) {
    status.error('openFailed', (lang) => ({ reason: errorText(e, lang) }));
  }
}

/**
 * A PACS series still arriving, opened into a volume that fills as it comes; false (nothing opened) when it
 * would not fit in memory: the files path then offers to thin it once it is in.
 */
export function openStream(app: App, req: StreamOpen, t0: number): boolean {
  const { ctx, status } = app;
  const probe = ingestLocal([{ name: `${req.seriesUid}/${req.stream.templateSop}.dcm`, bytes: req.templateBytes }]).series[0];
  if (!probe) return false;
  const n = req.stream.sortedSops.length;
  if (!checkSeriesSize({ rows: probe.rows, columns: probe.columns, slices: n, fileBytes: req.templateBytes.byteLength * n }, deviceBudget()).fits) return false;
  status.clearError();
  ctx.caseName = undefined;
  ctx.problems = [];
  renderProblems($('#problems'), ctx.problems, ctx.lang);
  ctx.openFiles = req.stream.sortedSops.map((sop) => `${req.seriesUid}/${sop}.dcm`);
  void (async () => {
    const viewer = await app.ensureViewer();
    try {
      await viewer.open({ slices: [], stream: req.stream, seriesKey: req.seriesUid, description: req.description, t0, phases: {} });
    } catch (e) {
      status.error('openFailed', { reason: errorText(e, ctx.lang) });
    }
  })();
  return true;
}

/** Opening a bundled case or the user's files (read whole, so a pile larger than the memory budget is refused first). */
export function studyActions(app: App) {
  const { ctx, status } = app;
  return {
    openBundled: (study: BundledStudy) => {
      const t0 = performance.now();
      ctx.caseName = study.name;
      ctx.viewer?.close();
      void (async () => {
        try {
          const files = await fetchStudyFiles(study, (done, total) => ctx.events.emit('progress', { phase: 'reading', done, total }));
          await openFiles(app, files, t0);
        } catch (e) {
          status.error('openFailed', (lang) => ({ reason: errorText(e, lang) }));
        }
      })();
    },
    openLocal: (list: File[]) => {
      const t0 = performance.now();
      ctx.caseName = undefined;
      ctx.viewer?.close();
      // files are read whole into memory: a pile larger than the budget is refused from its size alone
      const totalBytes = list.reduce((n, f) => n + f.size, 0);
      const budget = deviceBudget();
      if (!filesFit(totalBytes, budget)) {
        status.error('openFailed', (lang) => ({ reason: tooManyFilesText(list.length, totalBytes, budget, lang) }));
        return;
      }
      void (async () => {
        const { files, failures } = await collectFiles(list, (done, total) => ctx.events.emit('progress', { phase: 'reading', done, total }));
        const zipProblems: FileProblem[] = failures.map((f) => ({ file: f.file, message: (lang: Lang) => format(lang, 'openFailed', { reason: f.reason }) }));
        await openFiles(app, files, t0, zipProblems);
      })();
    },
  };
}
