// Skeleton branches → tree of polylines (src/tree/build-nodes.ts): two vessels parting at the skeleton's root (an
// LCx leaving the right coronary at its ostium) hang side by side under a one-point root, not one at the other's end.
import { describe, expect, it } from 'vitest';
import { branchesToTree } from '../../../src/tree/build-nodes.ts';
import type { Component } from '../../../src/tree/component.ts';
import type { SkeletonBranch } from '../../../src/tree/skeleton.ts';
import type { Volume } from '../../../src/volume/volume.ts';

const volume: Volume = { dimensions: [10, 10, 1], spacingMm: [0.5, 0.5, 0.5], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels: new Int16Array(100) };
// component ids 0–5 along +i from (0,0); ids 6–9 along +j from the same first voxel
const vox = Int32Array.from([0, 1, 2, 3, 4, 5, 10, 20, 30, 40]);
const comp = { vox } as unknown as Component;
const dbf = new Float32Array(10).fill(1);

describe('branchesToTree', () => {
  it('two branches from the root voxel: a one-point root with both as children, each starting there', () => {
    const branches: SkeletonBranch[] = [
      { ids: [0, 1, 2, 3, 4, 5], parent: -1, junctionSMm: 0 },
      { ids: [0, 6, 7, 8, 9], parent: 0, junctionSMm: 0 },
    ] as SkeletonBranch[];
    const root = branchesToTree(volume, comp, dbf, branches)!;
    expect(root.points).toEqual([[0, 0, 0]]);
    expect(root.children.map((c) => c.points[0])).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(root.children.map((c) => c.points.at(-1))).toEqual([[2.5, 0, 0], [0, 2, 0]]);
  });

  it('a branch leaving mid-way splits its parent there', () => {
    const branches: SkeletonBranch[] = [
      { ids: [0, 1, 2, 3, 4, 5], parent: -1, junctionSMm: 0 },
      { ids: [2, 6], parent: 0, junctionSMm: 1 },
    ] as SkeletonBranch[];
    const root = branchesToTree(volume, comp, dbf, branches)!;
    expect(root.points.length).toBe(3);
    expect(root.children.length).toBe(2);
    expect(root.children[1]!.points[0]).toEqual([1, 0, 0]);
  });
});
