/** Skeleton branches (voxel ids) → a rooted tree of polylines split at every junction (LPS mm). */
import type { Lps, Volume } from '../volume/volume.ts';
import { ijkToLps } from '../volume/volume.ts';
import type { Component } from './component.ts';
import type { SkeletonBranch } from './skeleton.ts';
import type { TreeNode } from './segments.ts';

interface MutableNode { points: Lps[]; radiiMm: number[]; children: MutableNode[] }

export function branchesToTree(volume: Volume, c: Component, dbf: Float32Array, branches: readonly SkeletonBranch[]): TreeNode | null {
  if (!branches.length) return null;
  const [nx, ny] = volume.dimensions;
  const lps = (id: number): Lps => {
    const q = c.vox[id]!;
    const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / (nx * ny));
    const p = ijkToLps(volume, [i, j, k]);
    return [p[0], p[1], p[2]];
  };
  // where each branch's children join it (index along its ids)
  const joins: Map<number, number[]>[] = branches.map(() => new Map());
  branches.forEach((b, bi) => {
    if (b.parent < 0) return;
    const at = branches[b.parent]!.ids.indexOf(b.ids[0]!);
    const m = joins[b.parent]!;
    m.set(at, [...(m.get(at) ?? []), bi]);
  });
  const build = (bi: number): MutableNode => {
    const ids = branches[bi]!.ids;
    const cuts = [...joins[bi]!.keys()].filter((x) => x > 0 && x < ids.length - 1).sort((a, b) => a - b);
    const bounds = [0, ...cuts, ids.length - 1];
    const nodes: MutableNode[] = [];
    for (let s = 0; s + 1 < bounds.length; s++) {
      const part = ids.slice(bounds[s]!, bounds[s + 1]! + 1);
      nodes.push({ points: part.map(lps), radiiMm: part.map((id) => dbf[id]!), children: [] });
    }
    for (let s = 0; s + 1 < nodes.length; s++) nodes[s]!.children.push(nodes[s + 1]!);
    // children joining at a cut hang on the node ending there; a child at the very end hangs on the last node
    for (const [at, kids] of joins[bi]!) {
      if (at === 0) continue;
      const s = at >= ids.length - 1 ? nodes.length - 1 : bounds.indexOf(at) - 1;
      for (const k of kids) nodes[s]!.children.push(build(k));
    }
    // children leaving at the branch's first point (two vessels parting at the ostium) are its siblings there:
    // a one-point node carries them all
    const atStart = joins[bi]!.get(0);
    if (!atStart) return nodes[0]!;
    const first = ids[0]!;
    return { points: [lps(first)], radiiMm: [dbf[first]!], children: [nodes[0]!, ...atStart.map(build)] };
  };
  return build(0);
}
