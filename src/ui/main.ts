/** App entry: wires the start page, the viewer context and the language switch. */
import { initCornerstone } from '../viewer/cornerstone-init.ts';
import { AppEvents } from '../viewer/events.ts';
import { MPR_VIEW_IDS, type MprViewId } from '../viewer/mpr.ts';
import { installTestHook } from '../viewer/test-hook.ts';
import { createViewer, type Viewer } from '../viewer/viewer.ts';
import { fetchStudyIndex, type BundledStudy } from './bundled.ts';
import { applyLanguage, format, type Lang, type MessageKey } from '../i18n/index.ts';
import { renderProblems } from './panels.ts';
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
import { dicomMessage } from '../dicom/messages.ts';
import { rb } from '../i18n/robustness.ts';
import { mountNotices } from './notices.ts';
import { $, createStatus, type App, type AppContext, type Status } from './app-page.ts';
import { openFiles, openStream, studyActions } from './open-study.ts';
import './style.css';

/** What the page shows of the viewer's events: progress, timings, refused slices, replaced workers, the crosshair. */
function showViewerEvents(ctx: AppContext, status: Status, notices: ReturnType<typeof mountNotices>): void {
  ctx.events.on('progress', (p) => status.progress(p));
  ctx.events.on('firstImage', () => status.timings());
  ctx.events.on('volumeLoaded', () => {
    status.timings();
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
  const workerName = { decode: 'workerDecode', vessel: 'workerVessel', compute: 'workerCompute' } as const;
  ctx.events.on('workerLost', (w) => notices.show((lang) => rb(lang, 'workerRestarted', { worker: rb(lang, workerName[w.kind]), reason: typeof w.reason === 'string' ? w.reason : w.reason(lang) })));
  ctx.events.on('crosshair', (c) => {
    ctx.crosshairText = c;
    status.crosshair();
    ctx.toolbar?.showWindowLevel(ctx.viewer?.mpr.getWindowLevel());
  });
}

/** The toolbar's controls and the reading keys, acting on `viewer`. */
function mountViewerControls(ctx: AppContext, status: Status, viewer: Viewer): Toolbar {
  const toolbar = buildToolbar($('#toolbar'), {
    setLeftTool: (t) => viewer.setLeftTool(t),
    setWindowLevel: (wl) => {
      viewer.setWindowLevel(wl);
      ctx.toolbar?.showWindowLevel(wl);
    },
    setSlab: (mm, blend) => viewer.setSlab(mm, blend),
    toggle3d: (on) => void viewer.toggle3d(on),
    goTo: (lps) => {
      status.clearError();
      viewer.setCrosshair(lps);
    },
    error: (key) => status.error(key),
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
  return toolbar;
}

/** The open study's session and its panels: the vessel view writes vessels and measurements, the report reads
 *  them; the layout places them. */
function mountStudyPanels(ctx: AppContext, viewer: Viewer, views: Record<MprViewId, HTMLDivElement>, pacsClient: PacsPanel['client']): Layout {
  const session = createStudySession();
  const vessel = mountVesselView({ viewer, events: ctx.events, views, toolbar: $('#toolbar'), host: $('#viewer'), lang: () => ctx.lang, session });
  mountReportPanel({
    viewer, events: ctx.events, vessels: vessel.controller, session, toolbar: $('#toolbar'), host: $('#viewer'), lang: () => ctx.lang,
    caseName: () => ctx.caseName,
    extraActions: (s, openSr) => createPacsReportActions(s, openSr, pacsClient, ctx.events),
  });
  return mountLayout({
    viewer: $('#viewer'), toolbar: $('#toolbar'), storage: localStorage, lang: () => ctx.lang,
    resized: (before) => {
      window.dispatchEvent(new Event('resize'));
      const panels = [vessel.controller.cpr, vessel.controller.section].filter((p) => p.hasImage()).map((p) => p.viewport());
      keepFramed(before, [...MPR_VIEW_IDS.map((id) => viewer.mpr.viewport(id)), ...panels]);
    },
    tracing: () => vessel.controller.state.tracing,
  });
}

async function ensureViewer(ctx: AppContext, setupPromise: ReturnType<typeof initCornerstone>, status: Status, pacsClient: PacsPanel['client']): Promise<Viewer> {
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
  ctx.toolbar = mountViewerControls(ctx, status, viewer);
  ctx.layout = mountStudyPanels(ctx, viewer, views, pacsClient);
  window.addEventListener('resize', () => viewer.mpr.engine.resize(true, true));
  return viewer;
}

/** Class review (teachers): opens a lesion of a bundled case in the viewer at its position. */
function mountClassReview(ctx: AppContext, openBundled: (study: BundledStudy) => void) {
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
      openBundled(study);
      return true;
    },
  });
  return review;
}

/** The PACS panel of the start page; with a PACS address the tagline no longer promises that nothing leaves. */
function mountPacs(app: App, decoderReady: Promise<unknown>): PacsPanel {
  const { ctx } = app;
  return mountPacsPanel($('#start'), {
    lang: () => ctx.lang,
    openFiles: (files, t0) => {
      ctx.caseName = undefined;
      return openFiles(app, files, t0);
    },
    openStream: (req, t0) => openStream(app, req, t0),
    progress: (p) => ctx.events.emit('progress', p),
    fetch: (u, i) => fetch(u, i),
    origin: location.origin,
    storage: localStorage,
    defaultUrl: configuredPacsUrl(),
    decoderReady,
    // with a PACS address the start page no longer promises that nothing leaves: it points to what does
    onConfigured: (configured) => {
      const tagline = $('.tagline');
      tagline.dataset.i18n = configured ? 'taglinePacs' : 'tagline';
      tagline.textContent = format(ctx.lang, tagline.dataset.i18n as MessageKey);
    },
  });
}

async function main(): Promise<void> {
  const ctx: AppContext = { lang: 'fr', events: new AppEvents(), viewer: undefined, toolbar: undefined, layout: undefined, studies: [], problems: [], crosshairText: undefined, caseName: undefined, openFiles: [] };
  const setupPromise = initCornerstone();
  installTestHook(() => ctx.viewer);
  const status = createStatus(ctx);
  const notices = mountNotices(document.body, () => ctx.lang);
  showViewerEvents(ctx, status, notices);
  const app: App = { ctx, status, ensureViewer: () => ensureViewer(ctx, setupPromise, status, () => pacs.client()) };
  const actions = studyActions(app);
  const review = mountClassReview(ctx, actions.openBundled);

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
    status.setLanguage(lang);
    ctx.events.emit('language', { lang });
  };
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
  const pacs = mountPacs(app, setupPromise);
  ctx.studies = await fetchStudyIndex().catch(() => []);
  const startLang = rememberedLang(localStorage);
  $<HTMLSelectElement>('#lang').value = startLang;
  setLanguage(startLang);
  document.body.dataset.ready = 'true';
}

void main();
