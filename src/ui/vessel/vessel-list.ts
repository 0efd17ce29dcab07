/** Vessel list: select, name (SCCT vessel names), show/hide, delete; status of each trace. */
import { VESSEL_NAMES } from '../../report/segments.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import { format, type Lang } from '../../i18n/index.ts';
import { vesselShortName } from './vessel-short-names.ts';
import { tt } from './tree-i18n.ts';

/** `refresh` re-renders the view after a change the controller does not announce (a proposal accepted). */
export function renderVesselList(host: HTMLElement, c: VesselController, lang: Lang, refresh: () => void): void {
  const key = c.state.studyKey;
  const vessels = key ? c.store.list(key) : [];
  if (vessels.length === 0) {
    const p = document.createElement('p');
    p.textContent = format(lang, 'vesselNone');
    host.replaceChildren(p);
    return;
  }
  const ul = document.createElement('ul');
  ul.className = 'vessel-list';
  ul.dataset.testid = 'vessel-list';
  vessels.forEach((v, i) => {
    const li = document.createElement('li');
    li.dataset.testid = `vessel-${i}`;
    li.dataset.status = v.status;
    if (v.id === c.store.selectedId) li.classList.add('selected');
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.dataset.testid = `vessel-select-${i}`;
    pick.textContent = v.name ? vesselShortName(v.name, lang) : format(lang, 'vesselUnnamed', { n: i + 1 });
    pick.addEventListener('click', () => c.select(v.id));
    const name = document.createElement('select');
    name.dataset.testid = `vessel-name-${i}`;
    const none = new Option(format(lang, 'vesselNamePick'), '');
    // the value stays the SCCT key (saved work, SR); the text is the reader's short name in the UI language
    name.append(none, ...VESSEL_NAMES.map((n) => new Option(vesselShortName(n, lang), n)));
    name.value = v.name ?? '';
    name.addEventListener('change', () => {
      if (name.value) c.store.rename(v.id, name.value);
      c.select(v.id);
    });
    const show = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = v.visible;
    box.dataset.testid = `vessel-show-${i}`;
    box.addEventListener('change', () => {
      c.store.setVisible(v.id, box.checked);
      c.select(c.store.selectedId ?? v.id);
    });
    show.append(box, format(lang, 'vesselShow'));
    const del = document.createElement('button');
    del.type = 'button';
    del.dataset.testid = `vessel-delete-${i}`;
    del.textContent = format(lang, 'vesselDelete');
    del.addEventListener('click', () => c.remove(v.id));
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = v.status === 'analysing' ? format(lang, 'vesselAnalysing')
      : v.status === 'failed' ? format(lang, 'vesselFailed', { reason: v.error ?? '' })
      : format(lang, 'vesselPoints', { count: v.pointsLps.length });
    li.append(pick, name, show, del, status);
    if (v.found) {
      li.dataset.proposal = v.found.status;
      const mark = document.createElement('span');
      mark.className = `proposal ${v.found.status}`;
      mark.dataset.testid = `vessel-proposal-${i}`;
      mark.textContent = tt(lang, `proposal_${v.found.status}`);
      li.append(mark);
      if (v.found.status === 'proposed') {
        const ok = document.createElement('button');
        ok.type = 'button';
        ok.dataset.testid = `vessel-accept-${i}`;
        ok.textContent = tt(lang, 'accept');
        ok.addEventListener('click', () => { c.store.accept(v.id); refresh(); });
        li.append(ok);
      }
    }
    ul.append(li);
  });
  host.replaceChildren(ul);
}
