/**
 * Reading layouts of the viewer section: "Lecture MPR" (the 2×2 MPR + 3D grid, the vessel panels below) and
 * "Analyse vasculaire" (one or three MPR views beside the CPR, cross-section, profile and lesion table, on one
 * screen without page scroll). The report is a side drawer in both; a double-click maximises a view and a second
 * one (or Esc) brings the layout back. The layout is a CSS grid chosen by data attributes on the viewer section
 * (layout.css); this module sets them, keeps the choice and asks the rendering engines to resize.
 */
import { format, type Lang, type MessageKey } from '../i18n/index.ts';
import { i18nEl } from './dom.ts';
import './layout.css';
import { MPR_CHOICES, rememberedLayout, rememberLayout, type LayoutPrefs, type MprChoice } from './layout-prefs.ts';

export interface LayoutDeps {
  /** the viewer section (#viewer): its children are placed by the layout */
  readonly viewer: HTMLElement;
  /** the layout buttons are appended to it */
  readonly toolbar: HTMLElement;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly lang: () => Lang;
  /** the rendering engines and the chart take their elements' new sizes; `before` holds each view element's size before the change */
  readonly resized: (before: ReadonlyMap<HTMLElement, ViewSize>) => void;
  /** true while the user clicks trace points (two quick clicks are points, not a double-click) */
  readonly tracing: () => boolean;
}

export interface ViewSize {
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  current(): LayoutPrefs;
  set(prefs: Partial<LayoutPrefs>): void;
  setLanguage(lang: Lang): void;
  destroy(): void;
}

const MPR_LABEL: Record<MprChoice, MessageKey> = { axial: 'axial', coronal: 'coronal', sagittal: 'sagittal', all: 'layoutMprAll' };
/** the cells a double-click maximises */
const CELL_SELECTOR = '.grid > .cell, .vessel-cell';

/** The toolbar's layout choice: the two layout buttons and, for the vessel layout, which MPR views. */
function layoutChoice(set: (p: Partial<LayoutPrefs>) => void) {
  const box = i18nEl('fieldset', { class: 'layout-choice', 'data-testid': 'layout-choice' });
  const buttons = (['mpr', 'vessel'] as const).map((id) => {
    const b = i18nEl('button', { type: 'button', 'data-testid': `layout-${id}` }, id === 'mpr' ? 'layoutMpr' : 'layoutVessel');
    b.addEventListener('click', () => set({ layout: id }));
    return [id, b] as const;
  });
  const mprSelect = i18nEl('select', { 'data-testid': 'layout-mpr-views' });
  for (const m of MPR_CHOICES) mprSelect.append(i18nEl('option', { value: m }, MPR_LABEL[m]));
  mprSelect.addEventListener('change', () => set({ mpr: mprSelect.value as MprChoice }));
  const mprLabel = i18nEl('label', { class: 'layout-mpr' });
  mprLabel.append(i18nEl('span', {}, 'layoutMprViews'), ' ', mprSelect);
  box.append(i18nEl('span', {}, 'layoutTitle'), ...buttons.map(([, b]) => b), mprLabel);
  return {
    box,
    show(prefs: LayoutPrefs): void {
      for (const [id, b] of buttons) b.setAttribute('aria-pressed', String(id === prefs.layout));
      mprSelect.value = prefs.mpr;
      mprLabel.hidden = prefs.layout !== 'vessel';
    },
  };
}

/**
 * A layout change in two steps: `before()` keeps the views' sizes (for the cameras to keep what they showed),
 * `after()` lets the engines resize at the next frame, once the grid has moved. `placeBelowToolbar()` puts the
 * drawer and a maximised view under the toolbar, where the page shows it now.
 */
function relayout(deps: LayoutDeps) {
  const v = deps.viewer;
  let frame = 0;
  let before: Map<HTMLElement, ViewSize> | undefined;
  const placeBelowToolbar = () => {
    const row = v.querySelector('.progress-row') ?? deps.toolbar;
    const bottom = row.getBoundingClientRect().bottom;
    v.style.setProperty('--work-top', `${Math.max(0, Math.round(bottom))}px`);
    // where the work area starts on the page (the MPR grid of "Lecture MPR" fills the screen below it)
    if (!v.hidden) v.style.setProperty('--grid-top', `${Math.round(bottom + window.scrollY)}px`);
  };
  return {
    placeBelowToolbar,
    before(): void {
      if (before) return; // a change already pending keeps the sizes from before the first one
      before = new Map([...v.querySelectorAll<HTMLElement>('.view, .vview')].map((e) => [e, { width: e.clientWidth, height: e.clientHeight }]));
    },
    after(): void {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        placeBelowToolbar();
        const sizes = before ?? new Map<HTMLElement, ViewSize>();
        before = undefined;
        deps.resized(sizes);
      });
    },
    cancel: () => cancelAnimationFrame(frame),
  };
}

/** A double-click maximises a view (a second one, or `restore()`, brings the layout back). */
function maximiser(deps: LayoutDeps, relay: ReturnType<typeof relayout>) {
  const v = deps.viewer;
  const restore = (): boolean => {
    const m = v.querySelector<HTMLElement>('[data-maximised="true"]');
    if (!m) return false;
    relay.before();
    delete m.dataset.maximised;
    delete v.dataset.maximised;
    relay.after();
    return true;
  };
  const onDblClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (deps.tracing() || target.closest('button, input, select, .bar, .lesion-table')) return;
    if (restore()) return;
    const cell = target.closest<HTMLElement>(CELL_SELECTOR);
    if (!cell || !v.contains(cell)) return;
    relay.before();
    cell.dataset.maximised = 'true';
    v.dataset.maximised = 'true';
    relay.after();
  };
  return { restore, onDblClick };
}

/** The report panel becomes a drawer with its own close button (it toggles as the toolbar button does). */
function addDrawerClose(v: HTMLElement, lang: Lang): void {
  const panel = v.querySelector<HTMLElement>('[data-testid="report-panel"]');
  if (!panel || panel.querySelector('[data-testid="report-close"]')) return;
  const close = i18nEl('button', { type: 'button', class: 'drawer-close', 'data-testid': 'report-close', 'aria-label': format(lang, 'reportClose') });
  close.textContent = '×';
  close.addEventListener('click', () => v.querySelector<HTMLButtonElement>('[data-testid="report-toggle"]')?.click());
  panel.prepend(close);
}

export function mountLayout(deps: LayoutDeps): Layout {
  let prefs = rememberedLayout(deps.storage);
  const v = deps.viewer;
  // each MPR cell says which view it holds: the one-view MPR column shows only the chosen one
  for (const cell of v.querySelectorAll<HTMLElement>('.grid > .cell')) cell.dataset.view = cell.querySelector('.view')?.id.replace(/^view-/, '') ?? '';
  const choice = layoutChoice((p) => set(p));
  deps.toolbar.prepend(choice.box);
  const relay = relayout(deps);
  const max = maximiser(deps, relay);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !v.hidden) max.restore();
  };
  // the trace and find-tree buttons open the vessel layout: the CPR and the table then appear beside the MPR
  const onToolbarClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('[data-testid="trace-vessel"], [data-testid="find-tree"]') && prefs.layout === 'mpr') set({ layout: 'vessel' });
  };
  // the 3D view lives in the MPR grid: switching it on shows that layout
  const onToolbarChange = (e: Event) => {
    const t = e.target as HTMLInputElement;
    if (t.matches('[data-testid="toggle-3d"]') && t.checked && prefs.layout !== 'mpr') set({ layout: 'mpr' });
  };
  const onScroll = () => {
    if (prefs.layout === 'mpr') relay.placeBelowToolbar();
  };
  const onResize = () => relay.placeBelowToolbar();

  const apply = () => {
    v.dataset.layout = prefs.layout;
    v.dataset.mpr = prefs.mpr;
    choice.show(prefs);
    relay.after();
  };
  const set = (p: Partial<LayoutPrefs>) => {
    max.restore();
    relay.before();
    prefs = { layout: p.layout ?? prefs.layout, mpr: p.mpr ?? prefs.mpr };
    rememberLayout(deps.storage, prefs);
    apply();
  };
  const setLanguage = (lang: Lang) => {
    for (const e of choice.box.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = format(lang, e.dataset.i18n as MessageKey);
    v.querySelector('[data-testid="report-close"]')?.setAttribute('aria-label', format(lang, 'reportClose'));
  };

  v.addEventListener('dblclick', max.onDblClick);
  deps.toolbar.addEventListener('click', onToolbarClick);
  deps.toolbar.addEventListener('change', onToolbarChange);
  document.addEventListener('keydown', onKey);
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onResize);
  addDrawerClose(v, deps.lang());
  setLanguage(deps.lang());
  apply();
  return {
    current: () => prefs,
    set,
    setLanguage,
    destroy() {
      relay.cancel();
      v.removeEventListener('dblclick', max.onDblClick);
      deps.toolbar.removeEventListener('click', onToolbarClick);
      deps.toolbar.removeEventListener('change', onToolbarChange);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
      choice.box.remove();
    },
  };
}
