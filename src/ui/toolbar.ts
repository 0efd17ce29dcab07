/** Viewer toolbar: left-button tool, W/L presets and typed values, slab + blend, 3D, go-to point. */
import { DEFAULT_LEFT_TOOL, type LeftTool } from '../viewer/mpr.ts';
import { parsePointLps, parseWindowLevel, WL_PRESETS, type SlabBlend, type WindowLevel, type WlPresetId } from '../viewer/window-level.ts';
import type { MessageKey } from '../i18n/index.ts';
import { i18nEl } from './dom.ts';

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

export interface Toolbar {
  /** Shows the current W/L in the typed fields. */
  showWindowLevel(wl: WindowLevel | undefined): void;
}

export function buildToolbar(root: HTMLElement, a: ToolbarActions): Toolbar {
  root.replaceChildren();
  const tools = i18nEl('fieldset');
  const toolButtons = TOOLS.map(([tool, key]) => {
    const b = i18nEl('button', { type: 'button', 'data-testid': `tool-${tool}`, 'aria-pressed': String(tool === DEFAULT_LEFT_TOOL) }, key);
    b.addEventListener('click', () => {
      for (const o of toolButtons) o.setAttribute('aria-pressed', String(o === b));
      a.setLeftTool(tool);
    });
    return b;
  });
  tools.append(...toolButtons);

  const wl = i18nEl('fieldset');
  wl.append(i18nEl('span', {}, 'presets'));
  for (const [id, key] of PRESETS) {
    const b = i18nEl('button', { type: 'button', 'data-testid': `preset-${id}` }, key);
    b.addEventListener('click', () => a.setWindowLevel(WL_PRESETS[id]));
    wl.append(b);
  }
  const ww = i18nEl('input', { type: 'number', 'data-testid': 'wl-width', step: '1' });
  const wc = i18nEl('input', { type: 'number', 'data-testid': 'wl-level', step: '1' });
  const applyWl = i18nEl('button', { type: 'button', 'data-testid': 'wl-apply' }, 'apply');
  const submitWl = () => {
    try {
      a.setWindowLevel(parseWindowLevel(ww.value, wc.value));
    } catch {
      a.error('badWl');
    }
  };
  applyWl.addEventListener('click', submitWl);
  for (const i of [ww, wc]) i.addEventListener('keydown', (e) => e.key === 'Enter' && submitWl());
  wl.append(i18nEl('span', {}, 'windowWidth'), ww, i18nEl('span', {}, 'windowLevel'), wc, applyWl);

  const slab = i18nEl('fieldset');
  const thickness = i18nEl('input', { type: 'range', min: '0', max: '20', step: '1', value: '0', 'data-testid': 'slab-mm' });
  const thicknessText = i18nEl('span', { 'data-testid': 'slab-value' });
  thicknessText.textContent = '0 mm';
  const blend = i18nEl('select', { 'data-testid': 'slab-mode' });
  for (const [v, key] of [['mip', 'blendMip'], ['minip', 'blendMinip'], ['mean', 'blendMean']] as const) {
    const o = i18nEl('option', { value: v }, key);
    blend.append(o);
  }
  const onSlab = () => {
    thicknessText.textContent = `${thickness.value} mm`;
    a.setSlab(Number(thickness.value), blend.value as SlabBlend);
  };
  thickness.addEventListener('input', onSlab);
  blend.addEventListener('change', onSlab);
  slab.append(i18nEl('span', {}, 'slab'), thickness, thicknessText, i18nEl('span', {}, 'slabMode'), blend);

  const vr = i18nEl('label');
  const vrBox = i18nEl('input', { type: 'checkbox', 'data-testid': 'toggle-3d' });
  vrBox.addEventListener('change', () => a.toggle3d(vrBox.checked));
  vr.append(vrBox, i18nEl('span', {}, 'toggle3d'));

  const go = i18nEl('fieldset');
  const goInput = i18nEl('input', { type: 'text', class: 'goto', 'data-testid': 'goto', 'data-i18n-placeholder': 'goToPlaceholder' });
  goInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    try {
      a.goTo(parsePointLps(goInput.value));
    } catch {
      a.error('badPoint');
    }
  });
  go.append(i18nEl('span', {}, 'goTo'), goInput);

  root.append(tools, wl, slab, vr, go);
  return {
    showWindowLevel(v) {
      if (!v) return;
      if (document.activeElement !== ww) ww.value = String(Math.round(v.widthHu));
      if (document.activeElement !== wc) wc.value = String(Math.round(v.levelHu));
    },
  };
}
