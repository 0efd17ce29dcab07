/**
 * A study with several image series (reconstructions, phases, a scout): the learner picks the one to open,
 * as with local files. The list is the QIDO-RS answer (biggest first); nothing is downloaded before the pick.
 */
import type { SeriesSummary } from '../../pacs/dicom-json.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { pt } from './pacs-i18n.ts';

export interface PacsSeriesChooser {
  readonly root: HTMLElement;
  /** Shows `series`; resolves with the pick, or undefined when dismissed or replaced by another choice. */
  choose(series: readonly SeriesSummary[], lang: Lang): Promise<SeriesSummary | undefined>;
  dismiss(): void;
}

export function createSeriesChooser(): PacsSeriesChooser {
  const root = el('div', { class: 'pacs-series', 'data-testid': 'pacs-series' });
  root.hidden = true;
  let settle: ((s: SeriesSummary | undefined) => void) | undefined;
  const dismiss = () => {
    root.hidden = true;
    root.replaceChildren();
    const s = settle;
    settle = undefined;
    s?.(undefined);
  };
  return {
    root,
    dismiss,
    choose(series, lang) {
      dismiss();
      return new Promise((resolve) => {
        settle = resolve;
        const pickAndClose = (s: SeriesSummary) => {
          settle = undefined;
          root.hidden = true;
          root.replaceChildren();
          resolve(s);
        };
        const title = el('p', {}, pt(lang, 'chooseSeries', { count: series.length }));
        const list = el('ul');
        series.forEach((s, i) => {
          const b = el('button', { type: 'button', 'data-testid': `pacs-series-${i}`, 'data-series-uid': s.seriesUid }, pt(lang, 'open'));
          b.addEventListener('click', () => pickAndClose(s));
          const what = [s.number !== undefined ? `#${s.number}` : '', s.modality, s.description || '—', pt(lang, 'images', { count: s.instanceCount ?? '?' })].filter(Boolean).join(' · ');
          const li = el('li');
          li.append(b, ` ${what}`);
          list.append(li);
        });
        const cancel = el('button', { type: 'button', 'data-testid': 'pacs-series-cancel' }, pt(lang, 'cancel'));
        cancel.addEventListener('click', dismiss);
        root.append(title, list, cancel);
        root.hidden = false;
      });
    },
  };
}
