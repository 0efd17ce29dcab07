/** App entry: wires the start page, the viewer context and the language switch. */
import { initCornerstone } from '../viewer/cornerstone-init.ts';
import { AppEvents, type LoadProgress } from '../viewer/events.ts';
import { MPR_VIEW_IDS, type MprViewId } from '../viewer/mpr.ts';
import { ingestLocal, type FileProblem, type IngestSummary, type OpenableSeries } from '../viewer/series-choice.ts';
import { installTestHook } from '../viewer/test-hook.ts';
import { createViewer, type Viewer } from '../viewer/viewer.ts';
import { fetchStudyFiles, fetchStudyIndex, type BundledStudy } from './bundled.ts';
import { collectFiles } from './files.ts';
import { applyLanguage, format, type Lang, type MessageKey } from '../i18n/index.ts';
import { chooseSeries, renderProblems, showProgress } from './panels.ts';
import { renderStudies, wireLocalOpening } from './start-page.ts';
import { buildToolbar, type Toolbar } from './toolbar.ts';
import { mountReadingKeys } from './reading-keys.ts';
import { mountLayout, type Layout } from './layout.ts';
import { keepFramed } from './layout-fit.ts';
import { rememberedLang, rememberLang } from './lang-memory.ts';
import { mountVesselView } from './vessel/vessel-panel.ts';
import { mountReportPanel } from './report/report-panel.ts';
import { mountOfflineUi } from './offline/offline-ui.ts';
import { mountReviewPage } from './review/review-page.ts';
import { bundledStudyResolver } from './review/study-uids.ts';
import { configuredPacsUrl, mountPacsPanel, type PacsPanel } from './pacs/pacs-panel.ts';
import { createPacsReportActions } from './pacs/pacs-report.ts';
import { createStudySession } from '../study/session.ts';
import type { InputFile } from '../dicom/types.ts';
import { DicomError } from '../dicom/errors.ts';
import { dicomMessage, errorMessage } from '../dicom/messages.ts';
import { rb } from '../i18n/robustness.ts';
import { checkSeriesSize, decimate, filesFit } from '../volume/memory-budget.ts';
import { deviceBudget, offerDecimation, tooManyFilesText } from './size-guard.ts';
import { mountNotices } from './notices.ts';
import './style.css';

interface AppContext {
  lang: Lang;
  readonly events: AppEvents;
  viewer: Viewer | undefined;
  toolbar: Toolbar | undefined;
  layout: Layout | undefined;
  studies: BundledStudy[];
  problems: FileProblem[];
  crosshairText: { lps: readonly number[]; hu: number | undefined } | undefined;
  /** name of the open bundled case (learners' exports carry it) */
  caseName: string | undefined;
  /** file names of the open series' slices, in the order given to the viewer */
  openFiles: readonly string[];
}

/** A thrown value as one line: dicom-parser rejects with `{ error, dataSet }`, not an Error. */
function errorText(e: unknown, lang: Lang): string {
  if (e instanceof DicomError) return errorMessage(e, lang);
  if (e instanceof Error) return e.message;
  const inner = (e as { error?: unknown } | null)?.error;
  return inner instanceof Error ? inner.message : typeof inner === 'string' ? inner : String(e);
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

async function main(): Promise<void> {
  const ctx: AppContext = { lang: 'fr', events: new AppEvents(), viewer: undefined, toolbar: undefined, layout: undefined, studies: [], problems: [], crosshairText: undefined, caseName: undefined, openFiles: [] };
  const setupPromise = initCornerstone();
  installTestHook(() => ctx.viewer);
  const bar = $<HTMLProgressElement>('#progress-bar');
  const progressText = $('#progress-text');
  const timings = $('#timings');
  const showError = (key: MessageKey, params: Record<string, string | number> = {}) => {
    const e = $('#error');
    e.hidden = false;
    e.textContent = format(ctx.lang, key, params);
  };
  const clearError = () => ($('#error').hidden = true);

  const renderCrosshair = () => {
    const c = ctx.crosshairText;
    $('#status').textContent = c
      ? format(ctx.lang, 'crosshairAt', { x: c.lps[0]!.toFixed(1), y: c.lps[1]!.toFixed(1), z: c.lps[2]!.toFixed(1), hu: c.hu === undefined ? '—' : Math.round(c.hu) })
      : '';
  };
  const renderTimings = () => {
    const s = ctx.viewer?.state;
    const parts: string[] = [];
    if (s?.firstImageMs !== undefined) parts.push(format(ctx.lang, 'firstImage', { ms: Math.round(s.firstImageMs) }));
    if (s?.fullVolumeMs !== undefined) parts.push(format(ctx.lang, 'fullVolume', { ms: Math.round(s.fullVolumeMs) }));
    timings.textContent = parts.join(' · ');
  };
  let lastProgress: LoadProgress | undefined;
  ctx.events.on('progress', (p) => {
    lastProgress = p;
    showProgress(bar, progressText, p, ctx.lang);
  });
  ctx.events.on('firstImage', renderTimings);
  ctx.events.on('volumeLoaded', () => {
    renderTimings();
    ctx.toolbar?.showWindowLevel(ctx.viewer?.mpr.getWindowLevel());
  });
  // slices of the open series refused while the volume is built: listed with the files refused at ingest
  ctx.events.on('sliceRefused', (r) => {
    const file = ctx.openFiles[r.index];
    if (!file) return;
    ctx.problems = [...ctx.problems, { file, message: (lang: Lang) => rb(lang, r.blank ? 'sliceBlank' : 'sliceLeftOut', { reason: dicomMessage(r.code, r.params, lang) }) }];
    renderProblems($('#problems'), ctx.problems, ctx.lang);
  });
  // a worker that died or hung was replaced: say so, the study stays open
  const notices = mountNotices(document.body, () => ctx.lang);
  const workerName = { decode: 'workerDecode', vessel: 'workerVessel', compute: 'workerCompute' } as const;
  ctx.events.on('workerLost', (w) => notices.show((lang) => rb(lang, 'workerRestarted', { worker: rb(lang, workerName[w.kind]), reason: w.reason })));
  ctx.events.on('crosshair', (c) => {
    ctx.crosshairText = c;
    renderCrosshair();
    ctx.toolbar?.showWindowLevel(ctx.viewer?.mpr.getWindowLevel());
  });

  const setLanguage = (lang: Lang) => {
    ctx.lang = lang;
    applyLanguage(document, lang);
    renderStudies($('#studies'), ctx.studies, lang, actions);
    renderProblems($('#problems'), ctx.problems, lang);
    notices.setLanguage(lang);
    pacs.setLanguage(lang);
    ctx.viewer?.setLanguage(lang);
    review.setLanguage(lang);
    ctx.layout?.setLanguage(lang);
    renderCrosshair();
    renderTimings();
    if (lastProgress) showProgress(bar, progressText, lastProgress, lang);
    ctx.events.emit('language', { lang });
  };

  const ensureViewer = async (): Promise<Viewer> => {
    const setup = await setupPromise;
    $('#start').hidden = true;
    $('#viewer').hidden = false;
    $('#home').hidden = false;
    if (ctx.viewer) return ctx.viewer;
    const views = Object.fromEntries(
      (['axial', 'coronal', 'sagittal'] as const).map((id) => [id, $<HTMLDivElement>(`#view-${id}`)]),
    ) as Record<MprViewId, HTMLDivElement>;
    const viewer = createViewer({ views, view3d: $<HTMLDivElement>('#view-3d') }, ctx.events, ctx.lang, setup.decoders);
    ctx.viewer = viewer;
    ctx.toolbar = buildToolbar($('#toolbar'), {
      setLeftTool: (t) => viewer.setLeftTool(t),
      setWindowLevel: (wl) => {
        viewer.setWindowLevel(wl);
        ctx.toolbar?.showWindowLevel(wl);
      },
      setSlab: (mm, blend) => viewer.setSlab(mm, blend),
      toggle3d: (on) => void viewer.toggle3d(on),
      goTo: (lps) => {
        clearError();
        viewer.setCrosshair(lps);
      },
      error: (key) => showError(key),
    });
    mountReadingKeys(document, $('#toolbar'), $('#viewer'), {
      active: () => !$('#viewer').hidden && !!viewer.state.session,
      reset: () => {
        viewer.resetView();
        ctx.toolbar?.showWindowLevel(viewer.mpr.getWindowLevel());
      },
      setWindowLevel: (wl) => {
        viewer.setWindowLevel(wl);
        ctx.toolbar?.showWindowLevel(wl);
      },
    });
    applyLanguage($('#toolbar'), ctx.lang);
    // the open study's session: the vessel view writes its vessels and measurements, the report reads them
    const session = createStudySession();
    const vessel = mountVesselView({ viewer, events: ctx.events, views, toolbar: $('#toolbar'), host: $('#viewer'), lang: () => ctx.lang, session });
    mountReportPanel({
      viewer, events: ctx.events, vessels: vessel.controller, session, toolbar: $('#toolbar'), host: $('#viewer'), lang: () => ctx.lang,
      caseName: () => ctx.caseName,
      extraActions: (s, openSr) => createPacsReportActions(s, openSr, () => pacs.client(), ctx.events),
    });
    ctx.layout = mountLayout({
      viewer: $('#viewer'), toolbar: $('#toolbar'), storage: localStorage, lang: () => ctx.lang,
      resized: (before) => {
        window.dispatchEvent(new Event('resize'));
        const panels = [vessel.controller.cpr, vessel.controller.section].filter((p) => p.hasImage()).map((p) => p.viewport());
        keepFramed(before, [...MPR_VIEW_IDS.map((id) => viewer.mpr.viewport(id)), ...panels]);
      },
      tracing: () => vessel.controller.state.tracing,
    });
    window.addEventListener('resize', () => viewer.mpr.engine.resize(true, true));
    return viewer;
  };

  /** Ingest → (choose) → open. `t0` is the click time. */
  const openFiles = async (files: InputFile[], t0: number, extraProblems: FileProblem[] = []) => {
    clearError();
    const phases: Record<string, number> = { filesRead: performance.now() - t0 };
    const summary: IngestSummary = ingestLocal(files);
    phases.ingested = performance.now() - t0;
    ctx.problems = [...extraProblems, ...summary.problems];
    renderProblems($('#problems'), ctx.problems, ctx.lang);
    if (summary.series.length === 0) {
      showError(files.length === 1 && /DICOMDIR$/i.test(files[0]!.name) ? 'dicomdirAlone' : 'noSeries');
      return;
    }
    let series: OpenableSeries = summary.series[0]!;
    if (summary.series.length > 1) series = await chooseSeries($('#chooser'), summary.series, ctx.lang);
    if (series.notVolume) {
      showError('openFailed', { reason: dicomMessage('not-a-volume', { reason: series.notVolume }, ctx.lang) });
      return;
    }
    const byName = new Map(files.map((f) => [f.name, f.bytes]));
    let present = series.files.filter((n) => byName.has(n));
    // refused before decoding when it would not fit in memory; one slice in `step` if the user asks
    const size = { rows: series.rows, columns: series.columns, slices: present.length, fileBytes: present.reduce((n, f) => n + byName.get(f)!.byteLength, 0) };
    const verdict = checkSeriesSize(size, deviceBudget());
    if (!verdict.fits) {
      const step = await offerDecimation($('#error'), size, verdict, ctx.lang);
      clearError();
      present = decimate(present, step);
      const note = (lang: Lang) => rb(lang, 'decimated', { step, spacingMm: series.sliceSpacingMm ? +(series.sliceSpacingMm * step).toFixed(2) : '?' });
      ctx.problems = [...ctx.problems, { file: series.description || series.key, message: note }];
      renderProblems($('#problems'), ctx.problems, ctx.lang);
    }
    const slices = present.map((n) => byName.get(n)!);
    ctx.openFiles = present;
    const viewer = await ensureViewer();
    try {
      await viewer.open({ slices, seriesKey: series.key, description: series.description, t0, phases });
    } catch (e) {
      showError('openFailed', { reason: errorText(e, ctx.lang) });
    }
  };

  const actions = {
    openBundled: (study: BundledStudy) => {
      const t0 = performance.now();
      ctx.caseName = study.name;
      ctx.viewer?.close();
      void (async () => {
        try {
          const files = await fetchStudyFiles(study, (done, total) => ctx.events.emit('progress', { phase: 'reading', done, total }));
          await openFiles(files, t0);
        } catch (e) {
          showError('openFailed', { reason: e instanceof Error ? e.message : String(e) });
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
        showError('openFailed', { reason: tooManyFilesText(list.length, totalBytes, budget, ctx.lang) });
        return;
      }
      void (async () => {
        const { files, failures } = await collectFiles(list, (done, total) => ctx.events.emit('progress', { phase: 'reading', done, total }));
        const zipProblems: FileProblem[] = failures.map((f) => ({ file: f.file, message: (lang: Lang) => format(lang, 'openFailed', { reason: f.reason }) }));
        await openFiles(files, t0, zipProblems);
      })();
    },
  };

  // class review (teachers): opens a lesion of a bundled case in the viewer at its position
  const resolveStudy = bundledStudyResolver(() => ctx.studies);
  const review = mountReviewPage({
    host: $('main'),
    entryHost: $('#start'),
    lang: () => ctx.lang,
    onShow: () => {
      $('#start').hidden = true;
      $('#viewer').hidden = true;
      $('#home').hidden = false;
    },
    home: () => $('#home').click(),
    openAt: async (uid, lps) => {
      const study = await resolveStudy(uid);
      if (!study) return false;
      review.hide();
      const off = ctx.events.on('volumeLoaded', () => {
        off();
        ctx.viewer?.setCrosshair([lps[0], lps[1], lps[2]]);
      });
      actions.openBundled(study);
      return true;
    },
  });
  $<HTMLSelectElement>('#lang').addEventListener('change', (e) => {
    const lang = (e.target as HTMLSelectElement).value as Lang;
    rememberLang(localStorage, lang);
    setLanguage(lang);
  });
  $('#home').addEventListener('click', () => {
    ctx.viewer?.close();
    $('#viewer').hidden = true;
    $('#start').hidden = false;
    $('#home').hidden = true;
    $('#chooser').hidden = true;
    review.hide();
  });
  $('[data-testid="problems-close"]').addEventListener('click', () => ($('#problems').hidden = true));
  wireLocalOpening($('#start'), actions);
  mountOfflineUi({ topbar: $('.topbar'), studiesList: $('#studies'), events: ctx.events, lang: () => ctx.lang, canReloadNow: () => $('#viewer').hidden });
  const pacs: PacsPanel = mountPacsPanel($('#start'), {
    lang: () => ctx.lang,
    openFiles: (files, t0) => {
      ctx.caseName = undefined;
      return openFiles(files, t0);
    },
    progress: (p) => ctx.events.emit('progress', p),
    fetch: (u, i) => fetch(u, i),
    origin: location.origin,
    storage: localStorage,
    defaultUrl: configuredPacsUrl(),
    decoderReady: setupPromise,
    // with a PACS address the start page no longer promises that nothing leaves: it points to what does
    onConfigured: (configured) => {
      const tagline = $('.tagline');
      tagline.dataset.i18n = configured ? 'taglinePacs' : 'tagline';
      tagline.textContent = format(ctx.lang, tagline.dataset.i18n as MessageKey);
    },
  });
  ctx.studies = await fetchStudyIndex().catch(() => []);
  const startLang = rememberedLang(localStorage);
  $<HTMLSelectElement>('#lang').value = startLang;
  setLanguage(startLang);
  document.body.dataset.ready = 'true';
}

void main();
