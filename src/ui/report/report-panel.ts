/**
 * The report panel ("Compte-rendu / Report"): the structured CAD-RADS 2.0 report of the open study, read from
 * the study session (its vessels, measurements and report inputs), the editable proposal, the saved work
 * (report-work.ts: autosave/restore in IndexedDB by StudyInstanceUID) and the file actions (report-actions.ts).
 * All user and file text is set with textContent.
 */
import { tt } from '../vessel/tree-i18n.ts';
import { createStore, del, get, set } from 'idb-keyval';
import { displayPct } from '../../report/cadrads.ts';
import type { StructuredReport } from '../../report/report.ts';
import { reportText } from '../../report/report-text.ts';
import type { SavedWork } from '../../report/saved-work.ts';
import { segmentName, vesselLabel } from '../../report/segments.ts';
import type { KeyValueStore } from '../../report/work-store.ts';
import type { AppEvents } from '../../viewer/events.ts';
import type { Viewer } from '../../viewer/viewer.ts';
import type { StudySession } from '../../study/session.ts';
import { gradeKey, measuredLesions } from '../../study/work-model.ts';
import type { Lang } from '../../i18n/index.ts';
import { createReportActions } from './report-actions.ts';
import { el } from '../dom.ts';
import { createReportForm, type ReportForm } from './report-form.ts';
import { rt, type ReportKey } from './report-i18n.ts';
import { createReportWork, type ReportView } from './report-work.ts';
import { studyInfoOf, type StudyInfo } from './study-info.ts';
import './report.css';

export type { ReportView } from './report-work.ts';

export interface ReportPanelDeps {
  readonly viewer: Viewer;
  readonly events: AppEvents;
  /** the vessel view: the restored vessels are measured there, the PDF's key images shown there */
  readonly vessels: ReportView;
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
  /** shows a message (error or info) in the panel, as plain text, in the reader's language (again when it changes) */
  message(text: (lang: Lang) => string, kind: 'info' | 'error'): void;
  /** replaces the study's work (import): vessels re-measured, report state restored, then saved */
  replaceWork(work: SavedWork): Promise<void>;
  readonly store: KeyValueStore;
  /** the open study's vessels and measurements */
  readonly study: StudySession;
  readonly view: ReportView;
  lang(): Lang;
  caseName(): string | undefined;
}

export function idbStore(): KeyValueStore {
  const s = createStore('coroscanner', 'work');
  return { get: (k) => get(k, s), set: (k, v) => set(k, v, s), del: (k) => del(k, s) };
}

/** The panel's elements; `texts` are the labels set in the user's language. */
function layout(study: StudySession) {
  const texts: [HTMLElement, ReportKey][] = [];
  const t = (e: HTMLElement, k: ReportKey) => (texts.push([e, k]), e);
  const button = t(el('button', { type: 'button', 'data-testid': 'report-toggle', 'aria-pressed': 'false' }), 'reportButton');
  const root = el('section', { class: 'report-panel', 'data-testid': 'report-panel' });
  root.hidden = true;
  const ui = {
    texts, button, root,
    label: el('p', { class: 'report-label', 'data-testid': 'report-label' }),
    saved: el('p', { class: 'report-saved', 'data-testid': 'report-saved' }),
    msg: el('p', { class: 'report-message', 'data-testid': 'report-message', role: 'status' }),
    /** what the message and the autosave line say, in any language */
    said: { msg: undefined as ((lang: Lang) => string) | undefined, saved: undefined as ((lang: Lang) => string) | undefined },
    notes: el('p', { class: 'report-notes', 'data-testid': 'report-notes' }),
    findingsTitle: t(el('h3'), 'findings'),
    findings: el('div', { 'data-testid': 'report-findings' }),
    textBox: el('pre', { class: 'report-text', 'data-testid': 'report-text' }),
    form: createReportForm(() => study.report, () => study.reportEdited()),
  };
  root.append(t(el('h2'), 'reportTitle'), ui.label, ui.saved, ui.msg, ui.notes, ui.form.root, ui.findingsTitle, ui.findings, ui.textBox);
  return ui;
}

/** One row per vessel segment with a measured lesion (the worst of the segment): measured %DS and the reader's grade. */
export function renderFindings(host: HTMLElement, study: StudySession, lang: Lang): void {
  const rows: HTMLTableRowElement[] = [];
  for (const v of study.snapshots()) {
    const lesions = measuredLesions(v);
    if (!v.name || !lesions) continue;
    const name = v.name;
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
  if (!rows.length) { host.replaceChildren(el('p', {}, rt(lang, 'noFindings'))); return; }
  const head = el('tr');
  for (const k of ['colVessel', 'colSegment', 'colMeasured', 'colGrade'] as const) head.append(el('th', {}, rt(lang, k)));
  const table = el('table', { class: 'report-findings' });
  table.append(head, ...rows);
  host.replaceChildren(table);
}

type Ui = ReturnType<typeof layout>;

/** Shows the report of the session as it is now (the form, findings and text only while the panel is open). */
function renderReport(ui: Ui, form: ReportForm, study: StudySession, cur: { report: StructuredReport } | undefined, lang: Lang): void {
  for (const [e, k] of ui.texts) e.textContent = rt(lang, k);
  ui.msg.textContent = ui.said.msg?.(lang) ?? '';
  ui.saved.textContent = ui.said.saved?.(lang) ?? '';
  if (!cur) { ui.label.textContent = ''; ui.textBox.textContent = rt(lang, 'noStudy'); return; }
  ui.label.textContent = cur.report.cadRads.label;
  ui.label.dataset.category = cur.report.cadRads.category;
  const n = study.counts();
  // a report from found vessels the reader has not checked says so
  ui.notes.textContent = [n.analysing ? rt(lang, 'analysing', { count: n.analysing }) : '', n.unnamed ? rt(lang, 'unnamed', { count: n.unnamed }) : '',
    n.proposed ? tt(lang, 'reportProposed', { count: n.proposed }) : ''].filter(Boolean).join(' ');
  ui.notes.dataset.proposed = String(n.proposed);
  // a label that leaves vessels out (unnamed, still measuring, none yet) must not read as the patient's: greyed, with why as its title
  const partial = n.unnamed + n.analysing > 0 || n.total === 0;
  ui.label.dataset.partial = String(partial);
  if (partial) ui.label.title = n.total === 0 ? rt(lang, 'labelNoVessel') : ui.notes.textContent; else ui.label.removeAttribute('title');
  ui.notes.dataset.analysing = String(n.analysing);
  if (ui.root.hidden) return;
  form.show(study.report, cur.report, lang);
  renderFindings(ui.findings, study, lang);
  ui.textBox.textContent = reportText(cur.report, lang);
}

export function mountReportPanel(deps: ReportPanelDeps): { destroy(): void } {
  const study = deps.session;
  const store = deps.store ?? idbStore();
  const ui = layout(study);
  deps.toolbar.append(ui.button);
  deps.host.append(ui.root);
  const message = (text: (lang: Lang) => string, kind: 'info' | 'error') => {
    ui.said.msg = text;
    ui.msg.textContent = text(deps.lang());
    ui.msg.dataset.kind = kind;
  };
  const render = () => renderReport(ui, ui.form, study, work.compute(), deps.lang());
  const work = createReportWork({
    session: study, events: deps.events, view: deps.vessels, store, lang: deps.lang, message, render,
    studyInfo: () => {
      const ids = deps.viewer.state.session?.imageIds;
      return ids ? studyInfoOf(ids) : undefined;
    },
    saved(w) {
      if (!w) { ui.said.saved = ui.said.msg = undefined; ui.saved.textContent = ''; ui.msg.textContent = ''; return; }
      const at = new Date();
      ui.said.saved = (lang) => rt(lang, 'savedAt', { time: at.toLocaleTimeString(lang) });
      ui.saved.textContent = ui.said.saved(deps.lang());
      ui.saved.dataset.savedAt = w.savedAt;
      ui.saved.dataset.vessels = String(w.vessels.length);
    },
  });
  ui.button.addEventListener('click', () => {
    ui.root.hidden = !ui.root.hidden;
    ui.button.setAttribute('aria-pressed', String(!ui.root.hidden));
    render();
  });
  const cleanups = [
    () => work.destroy(),
    deps.events.on('language', render),
    ...(['vessels', 'analysis', 'report'] as const).map((k) => study.events.on(k, render)),
  ];
  const session: ReportSession = {
    get info() { return work.info; },
    work: () => work.current()?.work,
    report: () => work.current()?.report,
    text: () => { const r = work.current()?.report; return r ? reportText(r, deps.lang()) : ''; },
    message,
    async replaceWork(w) {
      const n = await work.replaceWork(w);
      message((l) => rt(l, 'imported', { vessels: n }), 'info');
      render();
    },
    store, study, view: deps.vessels, lang: deps.lang,
    caseName: () => deps.caseName?.(),
  };
  const actions = createReportActions(session);
  ui.root.insertBefore(actions.root, ui.findingsTitle);
  if (deps.extraActions) ui.root.insertBefore(deps.extraActions(session, actions.openSr), ui.findingsTitle);
  ui.texts.push(...actions.texts);
  cleanups.push(deps.events.on('language', ({ lang }) => actions.setLanguage(lang)));
  render();
  return {
    destroy() {
      for (const f of cleanups) f();
      ui.root.remove();
      ui.button.remove();
    },
  };
}
