/**
 * The report panel ("Compte-rendu / Report"): the structured CAD-RADS 2.0 report of the open study from the
 * vessel view's traced vessels, the editable proposal, autosave/restore in IndexedDB by StudyInstanceUID, and
 * the file actions (report-actions.ts). All user and file text is set with textContent.
 */
import { createStore, del, get, set } from 'idb-keyval';
import { displayPct } from '../../report/cadrads.ts';
import { buildReport, type StructuredReport } from '../../report/report.ts';
import { reportText } from '../../report/report-text.ts';
import { reportInputFromWork, type SavedWork } from '../../report/saved-work.ts';
import { segmentName, vesselLabel, type VesselName } from '../../report/segments.ts';
import { isWorkError, workMessage } from '../../report/work-errors.ts';
import { loadWork, saveWork, type KeyValueStore } from '../../report/work-store.ts';
import type { AppEvents } from '../../viewer/events.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import type { Viewer } from '../../viewer/viewer.ts';
import { subscribeAutosave } from '../../study/autosave.ts';
import { sameVessels } from '../../study/same-vessels.ts';
import type { StudySession } from '../../study/session.ts';
import type { Lang } from '../../i18n/index.ts';
import { createReportActions } from './report-actions.ts';
import { createReportForm, el } from './report-form.ts';
import { rt, type ReportKey } from './report-i18n.ts';
import { studyInfoOf, type StudyInfo } from './study-info.ts';
import { gradeKey, measuredLesions, restoreFromWork, workFromState } from '../../study/work-model.ts';
import './report.css';

export interface ReportPanelDeps {
  readonly viewer: Viewer;
  readonly events: AppEvents;
  readonly vessels: VesselController;
  /** the open study: the report reads its vessels, measurements and report inputs */
  readonly session: StudySession;
  readonly toolbar: HTMLElement;
  readonly host: HTMLElement;
  readonly lang: () => Lang;
  /** the name of the open case ("Cas 1") when it is a bundled one: learners' exports carry it */
  readonly caseName?: () => string | undefined;
  /** key-value store for saved work (default: idb-keyval's own database) */
  readonly store?: KeyValueStore;
  /** more actions under the file actions (the PACS: send the SR, re-open one); `openSr` shows an SR's measurements */
  readonly extraActions?: (s: ReportSession, openSr: (read: () => Promise<Uint8Array>) => Promise<void>) => HTMLElement;
}

export interface ReportSession {
  readonly info: StudyInfo | undefined;
  work(): SavedWork | undefined;
  report(): StructuredReport | undefined;
  text(): string;
  /** shows a message (error or info) in the panel, as plain text */
  message(text: string, kind: 'info' | 'error'): void;
  /** replaces the study's work (import): vessels re-measured, report state restored, then saved */
  replaceWork(work: SavedWork): Promise<void>;
  readonly store: KeyValueStore;
  readonly vessels: VesselController;
  lang(): Lang;
  caseName(): string | undefined;
}

export function idbStore(): KeyValueStore {
  const s = createStore('coroscanner', 'work');
  return { get: (k) => get(k, s), set: (k, v) => set(k, v, s), del: (k) => del(k, s) };
}

export function mountReportPanel(deps: ReportPanelDeps): { destroy(): void } {
  const c = deps.vessels;
  const study = deps.session;
  const store = deps.store ?? idbStore();
  let info: StudyInfo | undefined;
  let previous: SavedWork | null = null;
  let ready = false;
  let loading: Promise<SavedWork | null> | undefined;
  let current: { work: SavedWork; report: StructuredReport } | undefined;
  const texts: [HTMLElement, ReportKey][] = [];
  const t = (e: HTMLElement, k: ReportKey) => (texts.push([e, k]), e);

  const button = t(el('button', { type: 'button', 'data-testid': 'report-toggle', 'aria-pressed': 'false' }), 'reportButton');
  deps.toolbar.append(button);
  const root = el('section', { class: 'report-panel', 'data-testid': 'report-panel' });
  root.hidden = true;
  const title = t(el('h2'), 'reportTitle');
  const label = el('p', { class: 'report-label', 'data-testid': 'report-label' });
  const saved = el('p', { class: 'report-saved', 'data-testid': 'report-saved' });
  const msg = el('p', { class: 'report-message', 'data-testid': 'report-message', role: 'status' });
  const notes = el('p', { class: 'report-notes', 'data-testid': 'report-notes' });
  const findingsTitle = t(el('h3'), 'findings');
  const findings = el('div', { 'data-testid': 'report-findings' });
  const textBox = el('pre', { class: 'report-text', 'data-testid': 'report-text' });
  const form = createReportForm(() => study.report, () => study.reportEdited());
  root.append(title, label, saved, msg, notes, form.root, findingsTitle, findings, textBox);
  deps.host.append(root);
  button.addEventListener('click', () => {
    root.hidden = !root.hidden;
    button.setAttribute('aria-pressed', String(!root.hidden));
    render();
  });

  const message = (text: string, kind: 'info' | 'error') => {
    msg.textContent = text;
    msg.dataset.kind = kind;
  };

  const compute = () => {
    if (!info) return (current = undefined);
    const work = workFromState(info.studyInstanceUid, study.snapshots(), { ...study.report, technique: info.technique }, previous);
    return (current = { work, report: buildReport(reportInputFromWork(work)) });
  };

  const renderFindings = (lang: Lang) => {
    const rows: HTMLTableRowElement[] = [];
    for (const v of study.snapshots()) {
      const lesions = measuredLesions(v);
      if (!v.name || !lesions) continue;
      const name: VesselName = v.name;
      const seen = new Set<number>();
      for (const l of [...lesions].sort((a, b) => b.diameterStenosisPct - a.diameterStenosisPct)) {
        if (seen.has(l.segment)) continue;
        seen.add(l.segment);
        const tr = el('tr', { 'data-testid': `report-finding-${name}-${l.segment}` });
        const input = el('input', { type: 'number', min: '0', max: '100', step: '1', 'data-testid': `report-grade-${name}-${l.segment}` });
        const key = gradeKey(name, l.segment);
        input.value = String(study.report.grades[key] ?? displayPct(l.diameterStenosisPct));
        input.addEventListener('change', () => {
          const g = Number(input.value);
          if (input.value.trim() === '' || !Number.isFinite(g)) delete study.report.grades[key];
          else study.report.grades[key] = Math.min(100, Math.max(0, g));
          study.reportEdited();
        });
        const td = (text: string, col: string) => el('td', { 'data-col': col }, text);
        const grade = el('td', { 'data-col': 'grade' });
        grade.append(input);
        tr.append(td(vesselLabel(name, lang), 'vessel'), td(`${l.segment} · ${segmentName(l.segment, lang)}`, 'segment'), td(String(displayPct(l.diameterStenosisPct)), 'measured'), grade);
        rows.push(tr);
      }
    }
    if (!rows.length) { findings.replaceChildren(el('p', {}, rt(lang, 'noFindings'))); return; }
    const head = el('tr');
    for (const k of ['colVessel', 'colSegment', 'colMeasured', 'colGrade'] as const) head.append(el('th', {}, rt(lang, k)));
    const table = el('table', { class: 'report-findings' });
    table.append(head, ...rows);
    findings.replaceChildren(table);
  };

  const render = () => {
    const lang = deps.lang();
    for (const [e, k] of texts) e.textContent = rt(lang, k);
    const cur = compute();
    if (!cur) { label.textContent = ''; textBox.textContent = rt(lang, 'noStudy'); return; }
    label.textContent = cur.report.cadRads.label;
    label.dataset.category = cur.report.cadRads.category;
    const n = study.counts();
    notes.textContent = [n.analysing ? rt(lang, 'analysing', { count: n.analysing }) : '', n.unnamed ? rt(lang, 'unnamed', { count: n.unnamed }) : '']
      .filter(Boolean).join(' ');
    notes.dataset.analysing = String(n.analysing);
    if (root.hidden) return;
    form.show(study.report, cur.report, lang);
    renderFindings(lang);
    textBox.textContent = reportText(cur.report, lang);
  };

  const save = async () => {
    const cur = compute();
    if (!cur || !ready) return;
    try {
      await saveWork(store, cur.work);
      previous = cur.work;
      saved.textContent = rt(deps.lang(), 'savedAt', { time: new Date().toLocaleTimeString(deps.lang()) });
      saved.dataset.savedAt = cur.work.savedAt;
      saved.dataset.vessels = String(cur.work.vessels.length);
    } catch (e) {
      message(rt(deps.lang(), 'saveFailed', { reason: isWorkError(e) ? workMessage(e.code, e.params, deps.lang()) : String(e) }), 'error');
    }
  };

  /** Puts a work's vessels and report inputs into the session and measures the vessels (volume in the workers). */
  const applyWork = async (work: SavedWork): Promise<number> => {
    const r = restoreFromWork(work);
    previous = work;
    study.setReport(r.state);
    const key = study.studyKey;
    if (!key) return 0;
    if (sameVessels(study.snapshots(), r.vessels)) return r.vessels.length; // nothing to re-measure
    const added = study.vessels.restore(key, r.vessels);
    await study.volumeReady();
    c.measureStudy();
    if (added[0]) c.select(added[0].id);
    return added.length;
  };

  const startLoading = () => {
    const session = deps.viewer.state.session;
    if (!session || info) return;
    info = studyInfoOf(session.imageIds);
    if (!info) return;
    const uid = info.studyInstanceUid;
    loading = loadWork(store, uid).catch((e) => {
      message(isWorkError(e) ? workMessage(e.code, e.params, deps.lang()) : String(e), 'error');
      return null;
    });
  };

  const cleanups: (() => void)[] = [];
  cleanups.push(deps.events.on('firstImage', startLoading));
  // a study opened in the session: its saved work (if any) comes back once the volume is in the vessel workers
  cleanups.push(study.events.on('study', (e) => {
    startLoading();
    const pending = loading ?? Promise.resolve(null);
    void Promise.all([pending, e.volumeReady]).then(async ([work]) => {
      if (study.studyKey !== e.studyKey) return;
      if (work && study.vessels.list(e.studyKey).length === 0) {
        const n = await applyWork(work);
        message(rt(deps.lang(), 'restored', { vessels: n }), 'info');
      }
      ready = true;
      render();
    });
  }));
  cleanups.push(deps.events.on('closed', () => {
    info = undefined;
    loading = undefined;
    ready = false;
    previous = null;
    study.close();
    current = undefined;
    saved.textContent = '';
    msg.textContent = '';
  }));
  cleanups.push(deps.events.on('language', () => render()));
  cleanups.push(study.events.on('vessels', () => render()));
  cleanups.push(study.events.on('analysis', () => render()));
  cleanups.push(study.events.on('report', () => render()));
  cleanups.push(subscribeAutosave(study, save));

  const session: ReportSession = {
    get info() { return info; },
    work: () => current?.work ?? compute()?.work,
    report: () => current?.report ?? compute()?.report,
    text: () => { const r = current?.report ?? compute()?.report; return r ? reportText(r, deps.lang()) : ''; },
    message,
    async replaceWork(work) {
      const n = await applyWork(work);
      await save();
      message(rt(deps.lang(), 'imported', { vessels: n }), 'info');
      render();
    },
    store,
    vessels: c,
    lang: deps.lang,
    caseName: () => deps.caseName?.(),
  };
  const actions = createReportActions(session, () => render());
  root.insertBefore(actions.root, findingsTitle);
  if (deps.extraActions) root.insertBefore(deps.extraActions(session, actions.openSr), findingsTitle);
  texts.push(...actions.texts);
  render();
  return {
    destroy() {
      for (const f of cleanups) f();
      root.remove();
      button.remove();
    },
  };
}
