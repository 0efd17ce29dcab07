// Worker thread of the generator: renders a case with the phantom, then writes the study (see study-output.ts).
// Messages in: { type: 'run', key }; out: WorkerEvent.
import { parentPort, workerData } from 'node:worker_threads';
import type { Volume } from '../../src/volume/volume';
import { createFrameEncoder, type FrameEncoder, type TransferSyntaxName } from './codecs';
import { fakeCtVolume } from './fake-phantom';
import { STUDY_PLANS, type CaseFacts, type PhantomHeaderFacts, type StudyKey } from './study-plan';
import { writeStudy, type StudyOutputReport } from './study-output';

export interface CaseWorkerData {
  outRoot: string;
  /** use the stand-in volume instead of the phantom (pipeline checks) */
  fake: boolean;
}

export type WorkerEvent =
  | { type: 'progress'; key: StudyKey; stage: 'rendu' | 'encodage'; done: number; total: number }
  | { type: 'done'; key: StudyKey; report: StudyOutputReport; renderMs: number; writeMs: number }
  | { type: 'error'; key: StudyKey; message: string };

interface Rendered {
  facts: CaseFacts;
  volume: Volume;
  truth: Record<string, unknown> | null;
  header: PhantomHeaderFacts;
}

type ProgressFn = (fraction: number) => void;

/** What this worker uses of sample-data/phantom/index.ts, loaded lazily (not needed by --fake runs). */
interface PhantomModule {
  CASES: readonly (CaseFacts & Record<string, unknown>)[];
  renderCase(spec: unknown, opts?: { onProgress?: ProgressFn }): RenderOut | Promise<RenderOut>;
}
interface RenderOut {
  volume: Volume;
  truth: object;
  header: object;
}

const FAKE_FACTS: Record<StudyKey, CaseFacts> = {
  cas1: { key: 'cas1', caseId: 'CORO-01', name: 'Cas 1', kvp: 100, heartRateBpm: 58, phasePct: 75, gating: 'prospective', seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %', convolutionKernel: 'B26f' },
  cas2: { key: 'cas2', caseId: 'CORO-02', name: 'Cas 2', kvp: 120, heartRateBpm: 62, phasePct: 75, gating: 'prospective', seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %', convolutionKernel: 'B26f' },
  cas3: { key: 'cas3', caseId: 'CORO-03', name: 'Cas 3', kvp: 120, heartRateBpm: 68, phasePct: 72, gating: 'retrospective', seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 72 %', convolutionKernel: 'B26f' },
};

async function render(key: StudyKey, fake: boolean, onProgress: ProgressFn): Promise<Rendered> {
  if (fake) {
    onProgress(0);
    const volume = fakeCtVolume(key.charCodeAt(3));
    onProgress(1);
    return { facts: FAKE_FACTS[key], volume, truth: null, header: {} };
  }
  const phantomPath = '../phantom/index.ts';
  const phantom = (await import(phantomPath)) as PhantomModule;
  const spec = phantom.CASES.find((c) => c.key === key);
  if (!spec) throw new Error(`the phantom has no case "${key}"`);
  onProgress(0);
  const out = await phantom.renderCase(spec, { onProgress });
  onProgress(1);
  return { facts: { ...spec, key }, volume: out.volume, truth: out.truth as Record<string, unknown>, header: out.header as PhantomHeaderFacts };
}

const data = workerData as CaseWorkerData;
const encoders = new Map<TransferSyntaxName, FrameEncoder | null>();

async function run(key: StudyKey): Promise<WorkerEvent> {
  const post = (e: WorkerEvent): void => parentPort!.postMessage(e);
  const t0 = performance.now();
  const rendered = await render(key, data.fake, (f) => post({ type: 'progress', key, stage: 'rendu', done: Math.round(f * 100), total: 100 }));
  const t1 = performance.now();
  const ts = STUDY_PLANS[key].transferSyntax;
  if (!encoders.has(ts)) encoders.set(ts, await createFrameEncoder(ts));
  const report = await writeStudy(
    rendered.facts,
    rendered.volume,
    (uids) => (rendered.truth ? { ...rendered.truth, ...uids } : { note: 'stand-in volume (--fake): no truth', ...uids }),
    data.outRoot,
    { headerFacts: rendered.header, encoder: encoders.get(ts) ?? null, onProgress: (done, total) => post({ type: 'progress', key, stage: 'encodage', done, total }) },
  );
  return { type: 'done', key, report, renderMs: t1 - t0, writeMs: performance.now() - t1 };
}

parentPort!.on('message', (msg: { type: 'run'; key: StudyKey }) => {
  run(msg.key).then(
    (e) => parentPort!.postMessage(e),
    (err: unknown) => parentPort!.postMessage({ type: 'error', key: msg.key, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
