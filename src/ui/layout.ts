/**
 * Reading layouts of the viewer section: "Lecture MPR" (the 2×2 MPR + 3D grid, the vessel panels below) and
 * "Analyse vasculaire" (one or three MPR views beside the CPR, cross-section, profile and lesion table, on one
 * screen without page scroll). The report is a side drawer in both; a double-click maximises a view and a second
 * one (or Esc) brings the layout back. The layout is a CSS grid chosen by data attributes on the viewer section
 * (layout.css); this module sets them, keeps the choice and asks the rendering engines to resize.
 */
import { format, type Lang, type MessageKey } from '../i18n/index.ts';
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

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, i18n?: MessageKey): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (i18n) e.dataset.i18n = i18n;
  return e;
}

export function mountLayout(deps: LayoutDeps): Layout {
  let prefs = rememberedLayout(deps.storage);
  const v = deps.viewer;
  // each MPR cell says which view it holds: the one-view MPR column shows only the chosen one
  for (const cell of v.querySelectorAll<HTMLElement>('.grid > .cell')) cell.dataset.view = cell.querySelector('.view')?.id.replace(/^view-/, '') ?? '';

  const box = el('fieldset', { class: 'layout-choice', 'data-testid': 'layout-choice' });
  const buttons = (['mpr', 'vessel'] as const).map((id) => {
    const b = el('button', { type: 'button', 'data-testid': `layout-${id}` }, id === 'mpr' ? 'layoutMpr' : 'layoutVessel');
    b.addEventListener('click', () => set({ layout: id }));
    return [id, b] as const;
  });
  const mprSelect = el('select', { 'data-testid': 'layout-mpr-views' });
  for (const m of MPR_CHOICES) mprSelect.append(el('option', { value: m }, MPR_LABEL[m]));
  mprSelect.addEventListener('change', () => set({ mpr: mprSelect.value as MprChoice }));
  const mprLabel = el('label', { class: 'layout-mpr' });
  mprLabel.append(el('span', {}, 'layoutMprViews'), ' ', mprSelect);
  box.append(el('span', {}, 'layoutTitle'), ...buttons.map(([, b]) => b), mprLabel);
  deps.toolbar.prepend(box);

  /** The drawer and a maximised view start under the toolbar (where the page shows it now). */
  const placeBelowToolbar = () => {
    const row = v.querySelector('.progress-row') ?? deps.toolbar;
    const bottom = row.getBoundingClientRect().bottom;
    v.style.setProperty('--work-top', `${Math.max(0, Math.round(bottom))}px`);
    // where the work area starts on the page (the MPR grid of "Lecture MPR" fills the screen below it)
    if (!v.hidden) v.style.setProperty('--grid-top', `${Math.round(bottom + window.scrollY)}px`);
  };
  let frame = 0;
  let before: Map<HTMLElement, ViewSize> | undefined;
  /** Call before the attributes change: the views' sizes then, for the cameras to keep what they showed. */
  const beforeLayout = () => {
    if (before) return; // a change already pending keeps the sizes from before the first one
    before = new Map([...v.querySelectorAll<HTMLElement>('.view, .vview')].map((e) => [e, { width: e.clientWidth, height: e.clientHeight }]));
  };
  const afterLayout = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      placeBelowToolbar();
      const sizes = before ?? new Map<HTMLElement, ViewSize>();
      before = undefined;
      deps.resized(sizes);
    });
  };

  const maximised = () => v.querySelector<HTMLElement>('[data-maximised="true"]');
  const restore = () => {
    const m = maximised();
    if (!m) return false;
    beforeLayout();
    delete m.dataset.maximised;
    delete v.dataset.maximised;
    afterLayout();
    return true;
  };
  const onDblClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (deps.tracing() || target.closest('button, input, select, .bar, .lesion-table')) return;
    if (restore()) return;
    const cell = target.closest<HTMLElement>(CELL_SELECTOR);
    if (!cell || !v.contains(cell)) return;
    beforeLayout();
    cell.dataset.maximised = 'true';
    v.dataset.maximised = 'true';
    afterLayout();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !v.hidden) restore();
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
    if (prefs.layout === 'mpr') placeBelowToolbar();
  };
  const onResize = () => placeBelowToolbar();

  const apply = () => {
    v.dataset.layout = prefs.layout;
    v.dataset.mpr = prefs.mpr;
    for (const [id, b] of buttons) b.setAttribute('aria-pressed', String(id === prefs.layout));
    mprSelect.value = prefs.mpr;
    mprLabel.hidden = prefs.layout !== 'vessel';
    afterLayout();
  };
  const set = (p: Partial<LayoutPrefs>) => {
    restore();
    beforeLayout();
    prefs = { layout: p.layout ?? prefs.layout, mpr: p.mpr ?? prefs.mpr };
    rememberLayout(deps.storage, prefs);
    apply();
  };

  /** The report panel becomes a drawer with its own close button (it toggles as the toolbar button does). */
  const addDrawerClose = () => {
    const panel = v.querySelector<HTMLElement>('[data-testid="report-panel"]');
    if (!panel || panel.querySelector('[data-testid="report-close"]')) return;
    const close = el('button', { type: 'button', class: 'drawer-close', 'data-testid': 'report-close', 'aria-label': format(deps.lang(), 'reportClose') });
    close.textContent = '×';
    close.addEventListener('click', () => v.querySelector<HTMLButtonElement>('[data-testid="report-toggle"]')?.click());
    panel.prepend(close);
  };

  const setLanguage = (lang: Lang) => {
    for (const e of box.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = format(lang, e.dataset.i18n as MessageKey);
    v.querySelector('[data-testid="report-close"]')?.setAttribute('aria-label', format(lang, 'reportClose'));
  };

  v.addEventListener('dblclick', onDblClick);
  deps.toolbar.addEventListener('click', onToolbarClick);
  deps.toolbar.addEventListener('change', onToolbarChange);
  document.addEventListener('keydown', onKey);
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onResize);
  addDrawerClose();
  setLanguage(deps.lang());
  apply();
  return {
    current: () => prefs,
    set,
    setLanguage,
    destroy() {
      cancelAnimationFrame(frame);
      v.removeEventListener('dblclick', onDblClick);
      deps.toolbar.removeEventListener('click', onToolbarClick);
      deps.toolbar.removeEventListener('change', onToolbarChange);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
      box.remove();
    },
  };
}
