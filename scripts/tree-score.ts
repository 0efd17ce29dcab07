// CAT08-style score of the coronary tree found in the training studies (and CORO-03b when generated):
//   npx tsx scripts/tree-score.ts [cas1 cas2 cas3 cas3b]
// Per truth vessel: overlap with the same-named found vessel and with any, accuracy (mean distance inside the
// overlap); per study: false length, labels right, dominance, ostia distances, time. Reads truth.json (the
// generator's truth) only here, to score.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVolume } from '../src/dicom/load-node.ts';
import { findCoronaryTree } from '../src/tree/find-tree.ts';
import { scoreTree } from '../src/tree/score.ts';
import { createComputeEngine } from '../src/compute/engine.ts';
import type { Truth } from '../sample-data/truth.ts';

const root = join(import.meta.dirname, '..', 'sample-data', 'out');
const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['cas1', 'cas2', 'cas3', 'cas3b'];
const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
const d = (a?: readonly number[] | null, b?: readonly number[]): string => (a && b ? Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!).toFixed(1) : '—');

for (const id of ids) {
  const folder = join(root, id);
  if (!existsSync(join(folder, 'truth.json'))) { console.log(`${id}: not generated (npm run sample-data${id === 'cas3b' ? ' -- --variant cas3b' : ''})`); continue; }
  const truth = JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Truth;
  const { volume } = await loadVolume(folder);
  const engine = await createComputeEngine(volume);
  const t0 = performance.now();
  const tree = findCoronaryTree(volume, { profiler: (_v, o) => engine.rays(o) });
  const seconds = (performance.now() - t0) / 1000;
  const s = scoreTree(truth.vessels.map((v) => ({ name: v.name, pointsLps: v.points.map((p) => p.lps), radiiMm: v.points.map((p) => p.referenceRadiusMm) })), tree.vessels);
  const lm = truth.vessels.find((v) => v.name === 'LM'), rca = truth.vessels.find((v) => v.name === 'RCA');
  console.log(`${id} (${truth.caseId}): ${seconds.toFixed(1)} s, dominance ${tree.dominance} (truth ${truth.dominance}), false length ${s.falseLengthMm.toFixed(1)} mm, labels ${s.labelsRight}/${s.labelsChecked}, ostia off by L ${d(tree.ostia.left, lm?.seeds.ostiumLps)} R ${d(tree.ostia.right, rca?.seeds.ostiumLps)} mm`);
  console.log('  vessel   length  radius  overlap-same  overlap-any  accuracy');
  for (const v of s.vessels) console.log(`  ${v.name.padEnd(7)} ${v.lengthMm.toFixed(0).padStart(6)} ${v.meanRadiusMm.toFixed(2).padStart(7)} ${pct(v.overlapSameName).padStart(13)} ${pct(v.overlapAnyName).padStart(12)} ${v.accuracyMm.toFixed(2).padStart(9)}`);
  for (const n of tree.notes) console.log(`  note: ${n.text}`);
}
