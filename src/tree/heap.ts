/** Binary min-heap of (key, id) pairs on typed arrays, for the Dijkstra passes over a vessel component. */
export class MinHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.ids = new Int32Array(Math.max(16, capacity));
  }
  push(key: number, id: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2); k.set(this.keys); this.keys = k;
      const d = new Int32Array(this.size * 2); d.set(this.ids); this.ids = d;
    }
    let c = this.size++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.keys[c] = this.keys[p]!; this.ids[c] = this.ids[p]!; c = p;
    }
    this.keys[c] = key; this.ids[c] = id;
  }
  /** the smallest key's id (call only when size > 0); its key is in `lastKey` */
  lastKey = 0;
  pop(): number {
    const top = this.ids[0]!;
    this.lastKey = this.keys[0]!;
    const n = --this.size;
    const key = this.keys[n]!, id = this.ids[n]!;
    let c = 0;
    for (;;) {
      let m = 2 * c + 1;
      if (m >= n) break;
      if (m + 1 < n && this.keys[m + 1]! < this.keys[m]!) m++;
      if (this.keys[m]! >= key) break;
      this.keys[c] = this.keys[m]!; this.ids[c] = this.ids[m]!; c = m;
    }
    this.keys[c] = key; this.ids[c] = id;
    return top;
  }
}
