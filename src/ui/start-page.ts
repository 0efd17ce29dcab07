/** Start page: the bundled studies (one click opens a case) and local opening (inputs + drag-and-drop). */
import type { BundledStudy } from './bundled.ts';
import { wireDropZone } from './files.ts';
import { format, type Lang } from '../i18n/index.ts';

export interface StartPageActions {
  openBundled(study: BundledStudy): void;
  openLocal(files: File[]): void;
}

export function renderStudies(list: HTMLElement, studies: readonly BundledStudy[], lang: Lang, a: StartPageActions): void {
  if (studies.length === 0) {
    const li = document.createElement('li');
    li.textContent = format(lang, 'noStudies');
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(
    ...studies.map((s) => {
      const li = document.createElement('li');
      // the case's name and description come with the studies (the course's words, not the UI's)
      const h = document.createElement('h3');
      h.textContent = s.name;
      h.dataset.fromFile = '';
      const d = document.createElement('p');
      d.textContent = s.description;
      d.dataset.fromFile = '';
      const c = document.createElement('p');
      c.textContent = format(lang, 'images', { count: s.imageCount });
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.testid = `open-${s.id}`;
      b.textContent = format(lang, 'openCase');
      b.addEventListener('click', () => a.openBundled(s));
      li.append(h, d, c, b);
      return li;
    }),
  );
}

export function wireLocalOpening(root: HTMLElement, a: StartPageActions): void {
  for (const id of ['in-folder', 'in-files', 'in-zip', 'in-dicomdir']) {
    const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
    input.addEventListener('change', () => {
      if (input.files && input.files.length > 0) a.openLocal([...input.files]);
      input.value = '';
    });
  }
  wireDropZone(root.querySelector<HTMLElement>('#drop')!, (files) => a.openLocal(files));
}
