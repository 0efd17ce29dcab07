/**
 * The vessel view: the "trace a vessel" button, the vessel list, the four linked panels (CPR, cross-section,
 * lumen profile, lesion table), the reference and SCCT segment controls. Mounted once per viewer by
 * `mountVesselView` (src/ui/main.ts); everything it owns is released by `destroy()`.
 */
import { vesselShortName } from './vessel-short-names.ts';
import type { AppEvents } from '../../viewer/events.ts';
import { rb } from '../../i18n/robustness.ts';
import type { MprViewId } from '../../viewer/mpr.ts';
import type { Viewer } from '../../viewer/viewer.ts';
import { equivalentDiameterMm } from '../../vessel/contour.ts';
import { createPanelOverlays, sectionContour } from '../../viewer/vessel/panel-overlays.ts';
import { createPanelTools, type PanelTool } from '../../viewer/vessel/panel-tools.ts';
import { studyKeyOf } from '../../study/vessel-store.ts';
import type { StudySession } from '../../study/session.ts';
import { volumeFromCornerstone } from '../../viewer/vessel/volume-bridge.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import { createPageVesselController } from '../../viewer/vessel/vessel-runtime.ts';
import { vesselMessage, VesselError, VESSEL_ERROR_CODES, type VesselErrorCode } from '../../vessel/errors.ts';
import { format, applyLanguage, type Lang, type MessageKey } from '../../i18n/index.ts';
import { i18nEl } from '../dom.ts';
import { renderLesionTable } from './lesion-table.ts';
import { bifurcationFinder, bifurcationText } from './lesion-bifurcations.ts';
import { createProfileChart, type ProfileChart } from './profile-chart.ts';
import { renderVesselList } from './vessel-list.ts';
import { moveSegmentBorder, renderReference, renderSegments, spansOf } from './vessel-side.ts';
import { installVesselTestHook } from './vessel-test-hook.ts';
import { mountTreeDetect } from './tree-detect-ui.ts';
import { mountPanelView } from './panel-view.ts';
import { vesselWarningText, vt } from './vessel-i18n.ts';
import './vessel.css';
import { decimal } from '../../i18n/number.ts';

export interface VesselViewDeps {
  readonly viewer: Viewer;
  readonly events: AppEvents;
  readonly views: Readonly<Record<MprViewId, HTMLDivElement>>;
  /** the viewer toolbar (a button is appended) and the viewer section (the view is appended) */
  readonly toolbar: HTMLElement;
  readonly host: HTMLElement;
  readonly lang: () => Lang;
  readonly session: StudySession;
}

function layout() {
  const root = i18nEl('section', { class: 'vessel-view', 'data-testid': 'vessel-view' });
  const side = i18nEl('div', { class: 'vessel-side' });
  const hint = i18nEl('p', { class: 'trace-hint', 'data-testid': 'trace-hint' }, 'traceHint');
  const tree = i18nEl('div', { 'data-testid': 'tree-detect' });
  const list = i18nEl('div');
  const warnings = i18nEl('ul', { class: 'vessel-warnings', 'data-testid': 'vessel-warnings' });
  const reference = i18nEl('div', { 'data-testid': 'reference' });
  const segments = i18nEl('div', { 'data-testid': 'segments' });
  const tools = i18nEl('div', { 'data-testid': 'panel-tools' });
  side.append(i18nEl('h3', {}, 'vessels'), hint, tree, list, warnings, tools, reference, segments);
  const grid = i18nEl('div', { class: 'vessel-grid' });
  const cell = (cls: string, title: MessageKey, testid: string) => {
    const c = i18nEl('div', { class: `vessel-cell ${cls}`, 'data-testid': testid });
    const bar = i18nEl('div', { class: 'bar' });
    bar.append(i18nEl('strong', {}, title));
    c.append(bar);
    grid.append(c);
    return { c, bar };
  };
  const cprCell = cell('cpr', 'cprTitle', 'panel-cpr');
  const mode = i18nEl('button', { type: 'button', 'data-testid': 'cpr-mode' });
  const angle = i18nEl('span', { 'data-testid': 'cpr-angle' });
  cprCell.bar.append(mode, angle);
  const cprView = i18nEl('div', { class: 'vview', 'data-testid': 'cpr-view' });
  cprCell.c.append(cprView);
  const xsCell = cell('section', 'sectionTitle', 'panel-section');
  const readout = i18nEl('span', { 'data-testid': 'section-readout' });
  xsCell.bar.append(readout);
  const xsView = i18nEl('div', { class: 'vview', 'data-testid': 'section-view' });
  xsCell.c.append(xsView);
  const chartCell = cell('chart', 'profileTitle', 'panel-profile');
  const chart = i18nEl('div', { 'data-testid': 'profile-chart' });
  chartCell.c.append(chart);
  const tableCell = cell('table', 'lesionsTitle', 'panel-lesions');
  const table = i18nEl('div', { 'data-testid': 'lesions' });
  tableCell.c.append(table);
  root.append(side, grid);
  return { root, hint, tree, list, warnings, reference, segments, tools, mode, angle, cprView, readout, xsView, chart, table };
}

const TOOLS: readonly [PanelTool, MessageKey][] = [['cursor', 'panelToolCursor'], ['windowLevel', 'toolWindowLevel'], ['length', 'panelToolLength'], ['probe', 'panelToolProbe']];

/** A failed trace or remeasure as the user reads it (a replaced worker, a vessel error's message, or as given). */
function vesselFailureText(f: { code: string; message: string }, lang: Lang): string {
  if (f.code === 'worker-lost') return rb(lang, 'workerRestarted', { worker: rb(lang, 'workerVessel'), reason: f.message });
  return (VESSEL_ERROR_CODES as readonly string[]).includes(f.code) ? vesselMessage(new VesselError(f.code as VesselErrorCode, f.message), lang) : f.message;
}

/** One button per panel tool, the pressed one showing which is active. */
function panelToolButtons(tools: { set(t: PanelTool): void }): HTMLButtonElement[] {
  const buttons = TOOLS.map(([t, key]) => {
    const b = i18nEl('button', { type: 'button', 'data-testid': `panel-tool-${t}`, 'aria-pressed': String(t === 'cursor') }, key);
    b.addEventListener('click', () => {
      tools.set(t);
      for (const o of buttons) o.setAttribute('aria-pressed', String(o === b));
    });
    return b;
  });
  return buttons;
}

/** The CPR bar: its mode (straightened or stretched) and rotation angle. */
function renderCprBar(ui: ReturnType<typeof layout>, c: VesselController, lang: Lang): void {
  ui.mode.textContent = format(lang, c.state.mode === 'straightened' ? 'cprStraightened' : 'cprStretched');
  ui.mode.dataset.mode = c.state.mode;
  ui.angle.textContent = format(lang, 'cprAngle', { deg: Math.round(c.state.angleDeg) });
  ui.angle.dataset.deg = String(c.state.angleDeg);
}

/** No vessel selected (another study opened, the vessel deleted): the panels show nothing rather than the images
 *  of a vessel no longer listed. */
function hidePanelsWithoutVessel(ui: ReturnType<typeof layout>, c: VesselController): void {
  const none = !c.selected();
  ui.cprView.style.visibility = ui.xsView.style.visibility = none ? 'hidden' : '';
  if (none) ui.readout.textContent = '';
}

/** The cross-section's figures: position, area, diameters, outer area, and whether the contour was edited. */
function renderSectionReadout(readout: HTMLElement, c: VesselController, lang: Lang): void {
  const v = c.selected();
  const a = v ? c.display(v.id)?.analysis : undefined;
  const q = c.state.sectionIndex;
  const p = a && q !== undefined ? a.profile[q] : undefined;
  const sc = q !== undefined ? sectionContour(c, q) : undefined;
  if (!p || !sc) { readout.textContent = ''; return; }
  // the profile of the displayed analysis already has the edited contours measured in (edits.ts)
  const area = p.areaMm2;
  readout.dataset.areaMm2 = area.toFixed(3);
  readout.dataset.outerAreaMm2 = Number.isFinite(p.outerAreaMm2) ? p.outerAreaMm2.toFixed(3) : '';
  readout.textContent = format(lang, 'sectionReadout', {
    s: decimal(p.sMm, 1, lang), area: decimal(area, 2, lang), d: decimal(equivalentDiameterMm(area), 2, lang), dmin: decimal(p.minDiameterMm, 2, lang), dmax: decimal(p.maxDiameterMm, 2, lang),
  }) + (Number.isFinite(p.outerAreaMm2) ? ` · ${vt(lang, 'outerArea', { area: decimal(p.outerAreaMm2, 2, lang) })}` : '')
    + (sc.edited ? ` · ${format(lang, 'contourEdited')}` : '');
}

/** The selected vessel's analysis: profile chart with segments, lesion table, warnings, reference and segments. */
function renderVesselAnalysis(ui: ReturnType<typeof layout>, c: VesselController, chart: ProfileChart, lang: Lang): void {
  const v = c.selected();
  const a = v ? c.display(v.id)?.analysis : undefined;
  chart.setData(a, { area: format(lang, 'profileArea'), diameter: format(lang, 'profileDiameter'), reference: format(lang, 'profileReference'), s: format(lang, 'profileS') });
  chart.setCursor(c.state.cursorIndex);
  const spans = v && a ? spansOf(v, a.centreline.lengthMm) : undefined;
  chart.setSegments(spans);
  const bifurcation = v && a ? bifurcationFinder(c, v.id, a) : undefined;
  // no vessel, no verdict: "no stenosis" is said of a measured vessel only
  if (!a) ui.table.replaceChildren();
  else renderLesionTable(ui.table, a.lesions, spans, lang, (l) => c.setCursor(l.mlaIndex), (l) => {
    const b = bifurcation?.(l);
    return b && bifurcationText(c, b, lang);
  });
  ui.warnings.replaceChildren(...(a?.warnings ?? []).map((w) => {
    const li = i18nEl('li', { 'data-code': w.code });
    li.textContent = vesselWarningText(lang, w);
    return li;
  }));
  renderReference(ui.reference, c, lang);
  renderSegments(ui.segments, c, lang, () => c.segmentsChanged());
}

/** The lumen profile chart of the selected vessel: a click moves the cursor, a dragged segment border moves it. */
function profileChartOf(host: HTMLElement, c: VesselController): ReturnType<typeof createProfileChart> {
  return createProfileChart(host, (i) => c.setCursor(i), (i, sMm) => {
    const v = c.selected();
    const a = v ? c.display(v.id)?.analysis : undefined;
    if (!v || !a) return;
    moveSegmentBorder(c.store, v, a.centreline.lengthMm, i, sMm);
    c.segmentsChanged(); // every view re-renders (chart, table, CPR borders, report)
  });
}

/** Tracing and the tree search wait for the whole volume (a PACS series fills it while it downloads); the
 *  disabled trace button says why. `changed` re-renders what depends on it; `closed`: the study closed (the
 *  tree search's outcome goes with it). Returns the unsubscribes. */
function followVolume(deps: VesselViewDeps, c: VesselController, traceButton: HTMLButtonElement, changed: () => void, closed: () => void): (() => void)[] {
  const gate = () => {
    traceButton.disabled = !deps.viewer.state.session || deps.viewer.state.loading;
    traceButton.title = traceButton.disabled ? format(deps.lang(), 'needsFullVolume') : '';
  };
  gate();
  return [
    deps.events.on('closed', () => { gate(); closed(); changed(); }),
    deps.events.on('language', gate),
    deps.events.on('volumeLoaded', () => {
      gate();
      const session = deps.viewer.state.session;
      if (!session) return;
      void c.setVolume(studyKeyOf(session.volumeId), volumeFromCornerstone(session.volume)).then(changed);
    }),
  ];
}

export function mountVesselView(deps: VesselViewDeps): { controller: VesselController; destroy(): void } {
  const ui = layout();
  deps.host.append(ui.root);
  const traceButton = i18nEl('button', { type: 'button', 'data-testid': 'trace-vessel', 'aria-pressed': 'false' }, 'traceVessel');
  deps.toolbar.append(traceButton);
  const failureText = (f: { code: string; message: string }) => vesselFailureText(f, deps.lang());
  const c = createPageVesselController({ mpr: deps.viewer.mpr, view3d: deps.viewer.view3d, mprElements: deps.views, cprElement: ui.cprView, sectionElement: ui.xsView, failureText, session: deps.session,
    vesselLabel: (name) => vesselShortName(name, deps.lang()),
    onWorkerLost: (kind, reason) => deps.events.emit('workerLost', { kind, reason }) });
  const tools = createPanelTools(c.cpr.viewport().getRenderingEngine().id, [c.cpr.viewportId, c.section.viewportId]);
  const overlays = createPanelOverlays(c, () => tools.current === 'cursor');
  const panelView = mountPanelView(c, deps.lang);
  const chart = profileChartOf(ui.chart, c);
  const cleanups: (() => void)[] = [];

  ui.tools.append(...panelToolButtons(tools));

  traceButton.addEventListener('click', () => c.setTracing(!c.state.tracing));
  ui.mode.addEventListener('click', () => c.setMode(c.state.mode === 'straightened' ? 'stretched' : 'straightened'));

  const renderReadout = () => renderSectionReadout(ui.readout, c, deps.lang());
  const renderAnalysis = () => renderVesselAnalysis(ui, c, chart, deps.lang());
  const renderAll = () => {
    const lang = deps.lang();
    ui.hint.hidden = !c.state.tracing;
    traceButton.setAttribute('aria-pressed', String(c.state.tracing));
    renderVesselList(ui.list, c, lang, () => { renderAll(); treeUi.render(); });
    hidePanelsWithoutVessel(ui, c);
    renderCprBar(ui, c, lang);
    applyLanguage(ui.root, lang);
    traceButton.textContent = format(lang, 'traceVessel');
  };
  cleanups.push(c.onChange((kind) => {
    if (kind === 'vessels') { renderAll(); renderAnalysis(); }
    else if (kind === 'analysis') renderAnalysis();
    else if (kind === 'cpr') renderCprBar(ui, c, deps.lang());
    else if (kind === 'cursor') chart.setCursor(c.state.cursorIndex);
    else if (kind === 'section' || kind === 'contour') renderReadout();
  }));
  const treeUi = mountTreeDetect(c, deps.toolbar, ui.tree, deps.lang, () => renderAll(), () => !!deps.viewer.state.session && !deps.viewer.state.loading);
  cleanups.push(...followVolume(deps, c, traceButton, () => treeUi.render(), () => treeUi.reset()));
  cleanups.push(() => treeUi.destroy());
  // the MPR views' vessel labels (IVA / LAD…) are drawn again with the trace: redraw it at the same cursor
  cleanups.push(deps.events.on('language', () => { treeUi.render(); renderAll(); renderAnalysis(); renderReadout(); panelView.redraw(); c.setCursor(c.state.cursorIndex, false); }));
  const onResize = () => {
    c.cpr.viewport().getRenderingEngine().resize(true, true);
    chart.resize(Math.max(200, ui.chart.clientWidth), Math.max(120, ui.chart.parentElement!.clientHeight - 60));
  };
  window.addEventListener('resize', onResize);
  cleanups.push(() => window.removeEventListener('resize', onResize));
  cleanups.push(installVesselTestHook(c));
  renderAll();
  renderAnalysis();
  requestAnimationFrame(onResize);
  return {
    controller: c,
    destroy() {
      for (const f of cleanups) f();
      overlays.destroy();
      panelView.destroy();
      chart.destroy();
      tools.destroy();
      c.destroy();
      ui.root.remove();
      traceButton.remove();
    },
  };
}
