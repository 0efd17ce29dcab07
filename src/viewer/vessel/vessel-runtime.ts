/**
 * The vessel controller of the page: the real parts it is given (the compute pool, the vessel worker, a
 * rendering engine with the CPU-drawn CPR and cross-section panels, the trace interaction on the MPR views and
 * the centrelines in 3D), released with it.
 */
import type { VesselName } from '../../report/segments.ts';
import { RenderingEngine, type Types } from '@cornerstonejs/core';
import { createComputePool } from '../../compute/pool.ts';
import type { StudySession } from '../../study/session.ts';
import type { WorkerFailure } from '../../vessel/worker-api.ts';
import type { Mpr, MprViewId } from '../mpr.ts';
import { createCentreline3d } from './centreline-3d.ts';
import type { View3d } from '../view3d.ts';
import { createImagePanel } from './image-panel.ts';
import { createMprTrace } from './mpr-trace.ts';
import { createVesselController, type VesselController } from './vessel-controller.ts';
import { connectVesselWorker } from './vessel-worker-client.ts';
import { createTreeSearcher } from './tree-worker-client.ts';

export interface PageControllerDeps {
  readonly mpr: Mpr;
  readonly view3d: View3d;
  readonly mprElements: Readonly<Record<MprViewId, HTMLDivElement>>;
  readonly cprElement: HTMLDivElement;
  readonly sectionElement: HTMLDivElement;
  /** error text for a failed trace (code from the vessel worker) */
  readonly failureText: (f: WorkerFailure) => string;
  /** a vessel's name in the reader's words (on the MPR views) */
  readonly vesselLabel?: (name: VesselName) => string;
  readonly session: StudySession;
  /** a worker died or hung and was replaced (the study stays open): tell the user */
  readonly onWorkerLost?: (kind: 'vessel' | 'compute', reason: string) => void;
}

/** A compute job (one CPR, sections, rays) unanswered for a minute is taken for a hung worker. */
const COMPUTE_JOB_DEADLINE_MS = 60_000;

/**
 * Two vessel workers where there are two cores: the found vessels of a tree are measured two at a time (the
 * tree search and its worker are over by then); more workers would each hold a path solver for little gain
 * to a reader who traces one vessel at a time.
 */
const vesselWorkers = (): number => Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));

export function createPageVesselController(deps: PageControllerDeps): VesselController {
  // unique per page for the rendering engine and the pool job keys
  const n = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  const pool = createComputePool({ jobDeadlineMs: COMPUTE_JOB_DEADLINE_MS, onWorkerLost: (r) => deps.onWorkerLost?.('compute', r) });
  const worker = connectVesselWorker(
    () => new Worker(new URL('../../../workers/vessel.worker.ts', import.meta.url), { type: 'module', name: 'vessel' }),
    (r) => deps.onWorkerLost?.('vessel', r),
    vesselWorkers(),
  );
  const trees = createTreeSearcher(() => new Worker(new URL('../../../workers/tree.worker.ts', import.meta.url), { type: 'module', name: 'tree' }));
  const engine = new RenderingEngine(`coro-vessel-engine-${n}`);
  // CPU-drawn panels: a frame is a table lookup into a 2D canvas, no WebGL render and read-back (image-panel.ts)
  const cpr = createImagePanel(engine, 'vessel-cpr', deps.cprElement, { lower: -200, upper: 600 }, 'cpu');
  const section = createImagePanel(engine, 'vessel-section', deps.sectionElement, { lower: -200, upper: 600 }, 'cpu');
  const lines3d = createCentreline3d(deps.view3d);
  const c = createVesselController({
    session: deps.session, worker, pool, cpr, section, lines3d, failureText: deps.failureText, jobKey: `vessel-${n}`,
    ...(deps.vesselLabel ? { vesselLabel: deps.vesselLabel } : {}),
    createTrace: (cb) => createMprTrace(deps.mpr, deps.mprElements, cb),
    moveCrosshair: (p) => deps.mpr.setCrosshairCenter([p[0], p[1], p[2]] as Types.Point3),
    nextFrame: (fn) => { requestAnimationFrame(fn); },
    searchTree: (volume, onProgress, signal) => trees.search(volume, onProgress, signal),
    prewarmTree: () => trees.prewarm(),
  });
  return {
    ...c,
    destroy() {
      c.destroy();
      lines3d.destroy();
      pool.dispose();
      worker.dispose();
      trees.dispose();
      cpr.destroy();
      section.destroy();
      engine.destroy();
    },
  };
}
