/**
 * The binary min-heap of the minimal-path searches (min-path.ts, sparse-path.ts): node ids ordered by
 * `key[id]`, with each id's heap position kept in `pos` for decrease-key. The arrays are the caller's (one
 * preallocated for the whole grid, the other grown on demand), so the heap allocates nothing.
 */

/** Moves the id at heap position `at` up until its parent's key is not larger. */
export function siftUp(heap: Int32Array, pos: Int32Array, key: Float64Array, at: number): void {
  const v = heap[at]!, k = key[v]!;
  while (at > 0) {
    const pp = (at - 1) >> 1, pv = heap[pp]!;
    if (key[pv]! <= k) break;
    heap[at] = pv; pos[pv] = at; at = pp;
  }
  heap[at] = v; pos[v] = at;
}

/** Moves the id at heap position `at` down (heap of `size` ids) until no child has a smaller key. */
export function siftDown(heap: Int32Array, pos: Int32Array, key: Float64Array, at: number, size: number): void {
  const v = heap[at]!, k = key[v]!;
  for (;;) {
    let c = 2 * at + 1;
    if (c >= size) break;
    if (c + 1 < size && key[heap[c + 1]!]! < key[heap[c]!]!) c++;
    const cv = heap[c]!;
    if (key[cv]! >= k) break;
    heap[at] = cv; pos[cv] = at; at = c;
  }
  heap[at] = v; pos[v] = at;
}
