/**
 * Keyboard map of the MPR reading (as in OHIF, Horos, RadiAnt): R resets the views, 1–3 apply the W/L
 * presets, ? shows the keyboard/mouse map (Esc or ? closes it). Keys typed in a field are left alone.
 */
import { WL_PRESETS, type WindowLevel, type WlPresetId } from '../viewer/window-level.ts';
import { applyLanguage, type MessageKey } from '../i18n/index.ts';

export type ReadingKeyAction = { kind: 'reset' } | { kind: 'preset'; id: WlPresetId } | { kind: 'help' } | { kind: 'close' };

const PRESET_KEYS: Readonly<Record<string, WlPresetId>> = { '1': 'cta', '2': 'calcium', '3': 'soft' };

/** The action of a key press (modifiers other than Shift ignore the map: browser shortcuts stay). */
export function readingKeyAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ReadingKeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.key === 'r' || e.key === 'R') return { kind: 'reset' };
  const preset = PRESET_KEYS[e.key];
  if (preset) return { kind: 'preset', id: preset };
  if (e.key === '?') return { kind: 'help' };
  if (e.key === 'Escape') return { kind: 'close' };
  return undefined;
}

/** Rows of the "?" overlay: what the user does, what it does. */
export const READING_MAP: readonly (readonly [MessageKey, MessageKey])[] = [
  ['mapLeftDrag', 'mapWindowLevel'],
  ['mapShiftLeftDrag', 'mapCrosshairs'],
  ['mapRightDrag', 'mapZoom'],
  ['mapMiddleDrag', 'mapPan'],
  ['mapWheel', 'mapScroll'],
  ['mapArrows', 'mapScrollKeys'],
  ['mapKeyR', 'mapReset'],
  ['mapKeys123', 'mapPresets'],
  ['mapDoubleClick', 'mapMaximise'],
  ['mapKeyHelp', 'mapHelp'],
];

export interface ReadingKeysActions {
  /** false while no study is shown (the map is then inactive) */
  active(): boolean;
  reset(): void;
  setWindowLevel(wl: WindowLevel): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
}

/** Builds the "?" button (in `toolbar`) and its overlay (in `host`), and listens to the keys on `doc`. */
export function mountReadingKeys(doc: Document, toolbar: HTMLElement, host: HTMLElement, a: ReadingKeysActions): { destroy(): void } {
  const overlay = doc.createElement('div');
  overlay.className = 'reading-map';
  overlay.dataset.testid = 'reading-map';
  overlay.hidden = true;
  const title = doc.createElement('h2');
  title.dataset.i18n = 'mapTitle';
  const table = doc.createElement('table');
  for (const [input, effect] of READING_MAP) {
    const tr = doc.createElement('tr');
    for (const key of [input, effect]) {
      const td = doc.createElement(key === input ? 'th' : 'td');
      td.dataset.i18n = key;
      tr.append(td);
    }
    table.append(tr);
  }
  const close = doc.createElement('button');
  close.type = 'button';
  close.dataset.i18n = 'mapClose';
  close.dataset.testid = 'reading-map-close';
  close.addEventListener('click', () => (overlay.hidden = true));
  overlay.append(title, table, close);
  host.append(overlay);

  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'reading-map-button';
  button.dataset.testid = 'reading-map-button';
  button.textContent = '?';
  button.addEventListener('click', () => (overlay.hidden = !overlay.hidden));
  toolbar.append(button);
  const lang = doc.documentElement.lang === 'en' ? 'en' : 'fr';
  applyLanguage(overlay, lang);

  const onKey = (e: KeyboardEvent) => {
    if (!a.active() || isTyping(e.target)) return;
    const act = readingKeyAction(e);
    if (!act) return;
    if (act.kind === 'close') {
      overlay.hidden = true;
      return;
    }
    e.preventDefault();
    if (act.kind === 'help') overlay.hidden = !overlay.hidden;
    else if (act.kind === 'reset') a.reset();
    else a.setWindowLevel(WL_PRESETS[act.id]);
  };
  doc.addEventListener('keydown', onKey);
  return { destroy: () => doc.removeEventListener('keydown', onKey) };
}
