/** The language choice kept across reloads (localStorage); French when nothing valid is stored. */
import type { Lang } from '../i18n/lang.ts';

export const LANG_STORAGE_KEY = 'coro.lang';

export function rememberedLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    return storage?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr'; // storage refused (private mode, file://): the default language
  }
}

export function rememberLang(storage: Pick<Storage, 'setItem'> | undefined, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage refused: the choice holds for this page only
  }
}
