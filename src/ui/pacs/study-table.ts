/** The study list of the PACS panel: one row per QIDO-RS study, with its "Ouvrir / Open" button. */
import type { StudySummary } from '../../pacs/dicom-json.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { pt } from './pacs-i18n.ts';

const isoDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d || '—');
const COLUMNS = ['colPatient', 'colDate', 'colDescription', 'colModality', 'colSeries', 'colImages'] as const;

function studyRow(s: StudySummary, i: number, lang: Lang, onOpen: (s: StudySummary) => void): HTMLTableRowElement {
  const tr = el('tr', { 'data-testid': 'pacs-study', 'data-study-uid': s.studyUid, 'data-patient-id': s.patientId });
  const who = s.patientName || s.patientId || '—';
  const cells = [who, isoDate(s.date), s.description || '—', s.modalities.join(', ') || '—', String(s.seriesCount ?? '—'), String(s.instanceCount ?? '—')];
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
  count.textContent = studies ? (studies.length ? pt(lang, 'found', { count: studies.length }) : pt(lang, 'none')) : '';
  if (!studies?.length) {
    table.replaceChildren();
    return;
  }
  const head = el('tr');
  for (const k of COLUMNS) head.append(el('th', {}, pt(lang, k)));
  head.append(el('th'));
  table.replaceChildren(el('thead'), el('tbody'));
  table.tHead!.append(head);
  table.tBodies[0]!.append(...studies.map((s, i) => studyRow(s, i, lang, onOpen)));
}
