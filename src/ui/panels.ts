/** Progress bar, problems panel and series chooser. */
import type { FileProblem, OpenableSeries } from '../viewer/series-choice.ts';
import { format, type Lang } from '../i18n/index.ts';
import type { LoadProgress } from '../viewer/events.ts';

export function showProgress(bar: HTMLProgressElement, text: HTMLElement, p: LoadProgress, lang: Lang): void {
  bar.max = Math.max(1, p.total);
  bar.value = p.done;
  const key = p.phase === 'reading' ? 'reading' : p.phase === 'decoding' ? 'decoding' : 'loaded';
  text.textContent = format(lang, key, { done: p.done, total: p.total });
}

export function renderProblems(panel: HTMLElement, problems: readonly FileProblem[], lang: Lang): void {
  panel.hidden = problems.length === 0;
  panel.querySelector('#problems-title')!.textContent = format(lang, 'problems', { count: problems.length });
  const list = panel.querySelector('#problems-list')!;
  list.replaceChildren(
    ...problems.map((p) => {
      const li = document.createElement('li');
      li.dataset.testid = 'problem';
      const name = document.createElement('span');
      name.className = 'file';
      name.textContent = p.file;
      li.append(name, ' — ', p.message(lang));
      return li;
    }),
  );
}

/** Lists the series as buttons; resolves with the chosen one. */
export function chooseSeries(panel: HTMLElement, series: readonly OpenableSeries[], lang: Lang): Promise<OpenableSeries> {
  panel.hidden = false;
  const list = panel.querySelector('#series-list')!;
  return new Promise((resolve) => {
    list.replaceChildren(
      ...series.map((s, i) => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.testid = `series-${i}`;
        b.textContent = format(lang, 'seriesLine', { description: s.description || '—', modality: s.modality, count: s.files.length });
        b.addEventListener('click', () => {
          panel.hidden = true;
          resolve(s);
        });
        li.append(b);
        return li;
      }),
    );
  });
}
