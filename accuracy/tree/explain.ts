/**
 * `npx tsx accuracy/tree/explain.ts v03 [v05 …]` (set seed 1): for each found vessel, which truth vessels its points lie
 * along (share of points nearest each, within 2 mm) — a wrong name or a walk into another vessel shows at once.
 */
import { loadVariant } from './cache.ts';
import { drawVariants } from './variants.ts';
import { findCoronaryTree } from '../../src/tree/find-tree.ts';
import { distanceToPolylineMm } from '../../src/tree/score.ts';

const ids = new Set(process.argv.slice(2));
for (const v of drawVariants(1, 24)) {
  if (!ids.has(v.id)) continue;
  const { volume, truth } = loadVariant(1, v);
  const tree = findCoronaryTree(volume);
  console.log(`${v.id} ${v.feature} dominance ${tree.dominance} (truth ${truth.dominance})`);
  console.log(`  truth: ${truth.vessels.map((t) => `${t.name}<${t.parent ?? '-'}@${t.branchSMm?.toFixed(0) ?? 0} ${t.lengthMm.toFixed(0)}`).join(', ')}`);
  for (const f of tree.vessels) {
    const counts = new Map<string, number>();
    for (const p of f.pointsLps) {
      let best = 'FALSE', bd = 2;
      for (const t of truth.vessels) { const d = distanceToPolylineMm(p, t.points.map((x) => x.lps)); if (d < bd) { bd = d; best = t.name; } }
      counts.set(best, (counts.get(best) ?? 0) + 1);
    }
    const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${(100 * c / f.pointsLps.length).toFixed(0)}%`);
    console.log(`  ${f.name.padEnd(8)} <${(f.parent ?? '-').padEnd(6)} ${f.lengthMm.toFixed(0).padStart(4)} mm: ${parts.join(', ')}`);
  }
}
