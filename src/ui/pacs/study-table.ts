/** The study list of the PACS panel: one row per QIDO-RS study, with its "Ouvrir / Open" button. */
import type { StudySummary } from '../../pacs/dicom-json.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { pt } from './pacs-i18n.ts';

/** A DICOM date (YYYYMMDD) as the reader writes dates: 07/12/2026 in French, 2026-12-07 in English. */
export function studyDateText(d: string, lang: Lang): string {
  if (!/^\d{8}$/.test(d)) return d || '—';
  const [y, m, day] = [d.slice(0, 4), d.slice(4, 6), d.slice(6)];
  return lang === 'fr' ? `${day}/${m}/${y}` : `${y}-${m}-${day}`;
}

/** The list as a worklist reads: newest study first, undated ones last, then by patient name and ID. */
export function studyListOrder(studies: readonly StudySummary[]): StudySummary[] {
  const byName = (a: StudySummary, b: StudySummary) => a.patientName.localeCompare(b.patientName) || a.patientId.localeCompare(b.patientId);
  return [...studies].sort((a, b) => (a.date === b.date ? byName(a, b) : !a.date ? 1 : !b.date ? -1 : b.date.localeCompare(a.date)));
}

const COLUMNS = ['colPatient', 'colPatientId', 'colDate', 'colDescription', 'colModality', 'colSeries', 'colImages'] as const;

function studyRow(s: StudySummary, i: number, lang: Lang, onOpen: (s: StudySummary) => void): HTMLTableRowElement {
  const tr = el('tr', { 'data-testid': 'pacs-study', 'data-study-uid': s.studyUid, 'data-patient-id': s.patientId });
  const cells = [s.patientName || '—', s.patientId || '—', studyDateText(s.date, lang), s.description || '—', s.modalities.join(', ') || '—', String(s.seriesCount ?? '—'), String(s.instanceCount ?? '—')];
  for (const v of cells) tr.append(el('td', {}, v));
  const b = el('button', { type: 'button', 'data-testid': `pacs-open-${i}` }, pt(lang, 'open'));
  b.addEventListener('click', () => onOpen(s));
  const td = el('td');
  td.append(b);
  tr.append(td);
  return tr;
}

/** Fills `count` (how many, or none) and `table` (the rows) from `studies` (undefined: nothing searched yet). */
export function renderStudyTable(table: HTMLTableElement, count: HTMLElement, studies: readonly StudySummary[] | undefined, lang: Lang, onOpen: (s: StudySummary) => void): void {
  count.textContent = studies ? (studies.length === 1 ? pt(lang, 'foundOne') : studies.length ? pt(lang, 'found', { count: studies.length }) : pt(lang, 'none')) : '';
  if (!studies?.length) {
    table.replaceChildren();
    return;
  }
  const head = el('tr');
  for (const k of COLUMNS) head.append(el('th', {}, pt(lang, k)));
  head.append(el('th'));
  table.replaceChildren(el('thead'), el('tbody'));
  table.tHead!.append(head);
  table.tBodies[0]!.append(...studyListOrder(studies).map((s, i) => studyRow(s, i, lang, onOpen)));
}
