/**
 * "Détecter les coronaires / Find the coronaries": the toolbar button, and in the vessel view's side panel a
 * progress bar with the stage names, a cancel button while the search runs, then the outcome in the reader's
 * language (vessels proposed, names already traced and kept, dominance, or why nothing was found) and an
 * "accept all" button while proposals remain. Detection runs only on a click.
 * The box keeps machine-readable figures for the tests and the bench: data-outcome, data-click-to-shown-ms,
 * data-search-ms, data-analyse-ms, data-worker-ms (the search's stage times, JSON).
 */
import { format, type Lang } from '../../i18n/index.ts';
import type { TreeDetectOutcome } from '../../study/tree-detect.ts';
import { MAX_VOXEL_MM } from '../../tree/find-tree.ts';
import { TREE_PROGRESS_STAGES, type TreeProgressStage } from '../../tree/worker-api.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import { TreeWorkerLostError } from '../../viewer/vessel/tree-worker-client.ts';
import { decimal, stageText, tt } from './tree-i18n.ts';
import { vesselShortName } from './vessel-short-names.ts';

export interface TreeDetectUi {
  /** re-renders the texts (language change, vessels changed) */
  render(): void;
  /** the study closed: a running search stops and its outcome is no longer shown */
  reset(): void;
  destroy(): void;
}

type Shown =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly stage: TreeProgressStage; readonly fraction: number }
  | { readonly kind: 'outcome'; readonly outcome: TreeDetectOutcome; readonly clickToShownMs: number }
  | { readonly kind: 'lost'; readonly reason: string };

function node<K extends keyof HTMLElementTagNameMap>(tag: K, testid: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.dataset.testid = testid;
  return e;
}

function outcomeLines(lang: Lang, o: TreeDetectOutcome, ms: number): string[] {
  if (o.kind === 'cancelled') return [tt(lang, 'cancelled')];
  if (o.kind === 'nothing') {
    const code = o.notes.find((n) => n !== 'leak') ?? 'no-ostium';
    return [tt(lang, `note_${code}`, { mm: decimal(lang, o.maxVoxelMm, 2), max: decimal(lang, MAX_VOXEL_MM, 2) })];
  }
  const lines = [o.added.length ? tt(lang, 'done', { count: o.added.length, seconds: decimal(lang, ms / 1000, 1) }) : tt(lang, 'doneNone')];
  if (o.kept.length) lines.push(tt(lang, 'kept', { names: o.kept.map((n) => vesselShortName(n, lang)).join(', ') }));
  if (o.failed) lines.push(tt(lang, 'failed', { count: o.failed }));
  if (o.dominance) lines.push(tt(lang, 'dominance', { d: tt(lang, `dominance_${o.dominance}`) }));
  if (o.notes.includes('leak')) lines.push(tt(lang, 'note_leak'));
  return lines;
}

/** The button in the toolbar and the parts of the side panel's box. */
function treeDetectParts(toolbar: HTMLElement, box: HTMLElement) {
  const button = node('button', 'find-tree');
  button.type = 'button';
  toolbar.append(button);
  const progress = node('progress', 'tree-progress');
  progress.max = 1;
  const stage = node('span', 'tree-stage');
  const cancel = node('button', 'tree-cancel');
  cancel.type = 'button';
  const message = node('div', 'tree-message');
  const acceptAll = node('button', 'tree-accept-all');
  acceptAll.type = 'button';
  box.classList.add('tree-detect');
  box.append(progress, stage, cancel, message, acceptAll);
  return { button, box, progress, stage, cancel, message, acceptAll };
}

/** What the box shows: the search's state, the proposals left, how many vessels are being measured. */
interface TreeBoxView {
  readonly shown: Shown; readonly proposed: number; readonly hasStudy: boolean; readonly countAdding: number;
  /** the open study's whole volume is loaded (not while a series still streams in) */
  readonly volumeIn: boolean;
}

function renderTreeBox(p: ReturnType<typeof treeDetectParts>, l: Lang, v: TreeBoxView): void {
  const { shown } = v;
  p.button.textContent = tt(l, 'findTree');
  // no study, or a series still streaming in: the search needs the whole volume, and the title says so
  const ready = v.hasStudy && v.volumeIn;
  p.button.disabled = shown.kind === 'running' || !ready;
  p.button.title = ready ? tt(l, 'findTreeTitle') : format(l, 'needsFullVolume');
  p.cancel.textContent = tt(l, 'cancel');
  p.acceptAll.textContent = tt(l, 'acceptAll');
  p.box.hidden = shown.kind === 'idle' && v.proposed === 0;
  p.box.dataset.state = shown.kind;
  const running = shown.kind === 'running' ? shown : undefined;
  p.progress.hidden = p.stage.hidden = !running;
  p.cancel.hidden = !running || running.stage === 'analyse';
  if (running) {
    const n = TREE_PROGRESS_STAGES.indexOf(running.stage);
    // the bar advances by stage; the measurement of the vessels fills the last one
    p.progress.value = (n + (running.stage === 'analyse' ? running.fraction : 0)) / TREE_PROGRESS_STAGES.length;
    p.stage.dataset.stage = running.stage;
    const step = tt(l, 'stepOf', { n: n + 1, total: TREE_PROGRESS_STAGES.length, stage: stageText(l, running.stage) });
    p.stage.textContent = running.stage === 'analyse' ? `${step} · ${tt(l, 'analyseCount', { done: Math.round(running.fraction * v.countAdding), total: v.countAdding })}` : step;
  }
  const lines = shown.kind === 'outcome' ? outcomeLines(l, shown.outcome, shown.clickToShownMs) : shown.kind === 'lost' ? [tt(l, 'lost', { reason: shown.reason })] : [];
  p.message.replaceChildren(...lines.map((t) => { const e = document.createElement('p'); e.textContent = t; return e; }));
  p.message.dataset.outcome = shown.kind === 'outcome' ? shown.outcome.kind : shown.kind === 'lost' ? 'lost' : '';
  if (shown.kind === 'outcome') {
    p.message.dataset.clickToShownMs = shown.clickToShownMs.toFixed(0);
    const o = shown.outcome;
    if (o.kind === 'done') Object.assign(p.message.dataset, { searchMs: o.searchMs.toFixed(0), analyseMs: o.analyseMs.toFixed(0), workerMs: JSON.stringify(o.timingsMs) });
  }
  p.acceptAll.hidden = v.proposed === 0 || !!running;
}

/**
 * `refresh` re-renders the vessel view (after the proposals are accepted); `volumeIn` is true once the open
 * study's whole volume is loaded (the button waits for it, as tracing does, while a series still streams in).
 */
export function mountTreeDetect(c: VesselController, toolbar: HTMLElement, box: HTMLElement, lang: () => Lang, refresh: () => void, volumeIn: () => boolean = () => true): TreeDetectUi {
  const parts = treeDetectParts(toolbar, box);
  const { button, cancel, acceptAll } = parts;
  let shown: Shown = { kind: 'idle' };
  let job: AbortController | undefined;
  let countAdding = 0;
  const proposed = () => (c.state.studyKey ? c.store.list(c.state.studyKey) : []).filter((v) => v.found?.status === 'proposed');
  const render = () => renderTreeBox(parts, lang(), { shown, proposed: proposed().length, hasStudy: !!c.state.studyKey, countAdding, volumeIn: volumeIn() });

  const run = async () => {
    if (job) return;
    const t0 = performance.now();
    const mine = (job = new AbortController());
    countAdding = 0;
    shown = { kind: 'running', stage: 'aorta', fraction: 0 };
    render();
    // a reset (the study closed) while the search runs: its late progress and outcome belong to no study on screen
    const current = () => job === mine;
    try {
      const before = new Set(c.state.studyKey ? c.store.list(c.state.studyKey).map((v) => v.id) : []);
      const outcome = await c.findTree((s, f) => {
        if (!current()) return;
        if (s === 'analyse' && countAdding === 0 && c.state.studyKey) countAdding = c.store.list(c.state.studyKey).filter((v) => !before.has(v.id)).length;
        shown = { kind: 'running', stage: s, fraction: f };
        render();
      }, mine.signal);
      // "shown": the vessels listed, measured and drawn on the next frame
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      if (current()) shown = { kind: 'outcome', outcome, clickToShownMs: performance.now() - t0 };
    } catch (e) {
      if (current()) shown = { kind: 'lost', reason: e instanceof TreeWorkerLostError ? e.reason : e instanceof Error ? e.message : String(e) };
    } finally {
      if (current()) {
        job = undefined;
        render();
      }
    }
  };
  button.addEventListener('click', () => void run());
  cancel.addEventListener('click', () => job?.abort());
  acceptAll.addEventListener('click', () => {
    for (const v of proposed()) c.store.accept(v.id);
    refresh();
  });
  const offChange = c.onChange((k) => { if (k === 'vessels') render(); });
  render();
  return {
    render,
    reset() {
      job?.abort();
      job = undefined;
      shown = { kind: 'idle' };
      render();
    },
    destroy() {
      job?.abort();
      offChange();
      button.remove();
      box.replaceChildren();
    },
  };
}
