/** Viewer toolbar: left-button tool, W/L presets and typed values, slab + blend, 3D, go-to point. */
import { DEFAULT_LEFT_TOOL, type LeftTool } from '../viewer/mpr.ts';
import { parsePointLps, parseWindowLevel, WL_PRESETS, type SlabBlend, type WindowLevel, type WlPresetId } from '../viewer/window-level.ts';
import type { MessageKey } from '../i18n/index.ts';

export interface ToolbarActions {
  setLeftTool(tool: LeftTool): void;
  setWindowLevel(wl: WindowLevel): void;
  setSlab(mm: number, blend: SlabBlend): void;
  toggle3d(on: boolean): void;
  goTo(lps: [number, number, number]): void;
  /** Shows a localised error message. */
  error(key: MessageKey): void;
}

const TOOLS: readonly [LeftTool, MessageKey][] = [
  ['crosshairs', 'toolCrosshairs'],
  ['windowLevel', 'toolWindowLevel'],
  ['pan', 'toolPan'],
  ['zoom', 'toolZoom'],
];
const PRESETS: readonly [WlPresetId, MessageKey][] = [['cta', 'presetCta'], ['calcium', 'presetCalcium'], ['soft', 'presetSoft']];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, i18n?: MessageKey): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (i18n) e.dataset.i18n = i18n;
  return e;
}

export interface Toolbar {
  /** Shows the current W/L in the typed fields. */
  showWindowLevel(wl: WindowLevel | undefined): void;
}

export function buildToolbar(root: HTMLElement, a: ToolbarActions): Toolbar {
  root.replaceChildren();
  const tools = el('fieldset');
  const toolButtons = TOOLS.map(([tool, key]) => {
    const b = el('button', { type: 'button', 'data-testid': `tool-${tool}`, 'aria-pressed': String(tool === DEFAULT_LEFT_TOOL) }, key);
    b.addEventListener('click', () => {
      for (const o of toolButtons) o.setAttribute('aria-pressed', String(o === b));
      a.setLeftTool(tool);
    });
    return b;
  });
  tools.append(...toolButtons);

  const wl = el('fieldset');
  wl.append(el('span', {}, 'presets'));
  for (const [id, key] of PRESETS) {
    const b = el('button', { type: 'button', 'data-testid': `preset-${id}` }, key);
    b.addEventListener('click', () => a.setWindowLevel(WL_PRESETS[id]));
    wl.append(b);
  }
  const ww = el('input', { type: 'number', 'data-testid': 'wl-width', step: '1' });
  const wc = el('input', { type: 'number', 'data-testid': 'wl-level', step: '1' });
  const applyWl = el('button', { type: 'button', 'data-testid': 'wl-apply' }, 'apply');
  const submitWl = () => {
    try {
      a.setWindowLevel(parseWindowLevel(ww.value, wc.value));
    } catch {
      a.error('badWl');
    }
  };
  applyWl.addEventListener('click', submitWl);
  for (const i of [ww, wc]) i.addEventListener('keydown', (e) => e.key === 'Enter' && submitWl());
  wl.append(el('span', {}, 'windowWidth'), ww, el('span', {}, 'windowLevel'), wc, applyWl);

  const slab = el('fieldset');
  const thickness = el('input', { type: 'range', min: '0', max: '20', step: '1', value: '0', 'data-testid': 'slab-mm' });
  const thicknessText = el('span', { 'data-testid': 'slab-value' });
  thicknessText.textContent = '0 mm';
  const blend = el('select', { 'data-testid': 'slab-mode' });
  for (const [v, key] of [['mip', 'blendMip'], ['minip', 'blendMinip'], ['mean', 'blendMean']] as const) {
    const o = el('option', { value: v }, key);
    blend.append(o);
  }
  const onSlab = () => {
    thicknessText.textContent = `${thickness.value} mm`;
    a.setSlab(Number(thickness.value), blend.value as SlabBlend);
  };
  thickness.addEventListener('input', onSlab);
  blend.addEventListener('change', onSlab);
  slab.append(el('span', {}, 'slab'), thickness, thicknessText, el('span', {}, 'slabMode'), blend);

  const vr = el('label');
  const vrBox = el('input', { type: 'checkbox', 'data-testid': 'toggle-3d' });
  vrBox.addEventListener('change', () => a.toggle3d(vrBox.checked));
  vr.append(vrBox, el('span', {}, 'toggle3d'));

  const go = el('fieldset');
  const goInput = el('input', { type: 'text', class: 'goto', 'data-testid': 'goto', 'data-i18n-placeholder': 'goToPlaceholder' });
  goInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    try {
      a.goTo(parsePointLps(goInput.value));
    } catch {
      a.error('badPoint');
    }
  });
  go.append(el('span', {}, 'goTo'), goInput);

  root.append(tools, wl, slab, vr, go);
  return {
    showWindowLevel(v) {
      if (!v) return;
      if (document.activeElement !== ww) ww.value = String(Math.round(v.widthHu));
      if (document.activeElement !== wc) wc.value = String(Math.round(v.levelHu));
    },
  };
}
