/**
 * Notices: short messages about something that happened under the user's feet (a worker replaced), shown at the
 * bottom right until closed (over the images' corner, never over the toolbars' buttons, which wrap differently at
 * every width), re-rendered in the chosen language. Text only (textContent). A notice identical to one still shown is
 * not repeated: one event reaching several workers at once (both vessel workers dying) tells the user once. Only the
 * newest notice is shown in full; earlier ones fold to one line (a click unfolds one), so that a pile of notices does not
 * cover the lumen profile and the stenosis table under that corner.
 */
import type { Lang } from '../i18n/lang.ts';

export interface Notices {
  show(message: (lang: Lang) => string): void;
  setLanguage(lang: Lang): void;
}

export function mountNotices(host: HTMLElement, lang: () => Lang): Notices {
  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.dataset.testid = 'notices';
  // set through the CSSOM (allowed by the page's CSP, unlike style attributes in markup)
  Object.assign(box.style, { position: 'fixed', bottom: '2.4rem', right: '0.8rem', width: 'min(30rem, calc(100vw - 1.6rem))', gridTemplateColumns: 'minmax(0, 1fr)', zIndex: '1000', display: 'grid', gap: '0.4rem' });
  host.append(box);
  const shown: { message: (l: Lang) => string; text: HTMLSpanElement; close: HTMLButtonElement }[] = [];
  const fold = (text: HTMLSpanElement, folded: boolean): void => {
    text.dataset.folded = String(folded);
    Object.assign(text.style, folded
      ? { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', cursor: 'pointer' }
      : { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', cursor: 'auto' });
  };
  const closeLabel = (l: Lang) => (l === 'fr' ? 'Fermer' : 'Close');
  return {
    show(message) {
      if (shown.some((s) => s.text.textContent === message(lang()))) return;
      const item = document.createElement('p');
      item.dataset.testid = 'notice';
      Object.assign(item.style, { margin: '0', padding: '0.5rem 0.7rem', background: '#3b2f12', color: '#ffe9b0', border: '1px solid #b08a2e', borderRadius: '4px', display: 'flex', alignItems: 'baseline', minWidth: '0' });
      const text = document.createElement('span');
      text.textContent = message(lang());
      text.style.flex = '1';
      text.style.minWidth = '0';
      text.addEventListener('click', () => fold(text, text.dataset.folded !== 'true'));
      for (const s of shown) fold(s.text, true);
      fold(text, false);
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', closeLabel(lang()));
      close.style.marginLeft = '0.5rem';
      const entry = { message, text, close };
      close.addEventListener('click', () => {
        item.remove();
        shown.splice(shown.indexOf(entry), 1);
      });
      item.append(text, close);
      box.append(item);
      shown.push(entry);
    },
    setLanguage(l) {
      for (const s of shown) {
        s.text.textContent = s.message(l);
        s.close.setAttribute('aria-label', closeLabel(l));
      }
    },
  };
}
