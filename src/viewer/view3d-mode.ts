/** The 3D view's rendering chooser (volume rendering or MIP), in the view's top-left corner, in both languages. */
import type { RenderMode } from '../render3d/raycast.ts';
import type { MessageKey } from '../i18n/index.ts';

/** A select for the mode; a double-click on it stays its own (not the layout's maximise). */
export function modeChooser(text: (key: MessageKey) => string, mode: RenderMode, set: (m: RenderMode) => void): HTMLSelectElement {
  const s = document.createElement('select');
  s.dataset.testid = 'view3d-mode';
  s.append(new Option('', 'vr'), new Option('', 'mip'));
  s.value = mode;
  relabelChooser(s, text);
  Object.assign(s.style, { position: 'absolute', left: '0.4em', top: '1.6em', zIndex: '7', font: '12px sans-serif', background: '#222', color: '#eee', border: '1px solid #445' });
  s.addEventListener('change', () => set(s.value === 'mip' ? 'mip' : 'vr'));
  s.addEventListener('dblclick', (e) => e.stopPropagation());
  return s;
}

/** The chooser's words in the current language. */
export function relabelChooser(s: HTMLSelectElement, text: (key: MessageKey) => string): void {
  s.title = text('view3dMode');
  s.setAttribute('aria-label', text('view3dMode'));
  s.options[0]!.textContent = text('view3dModeVr');
  s.options[1]!.textContent = text('view3dModeMip');
}
