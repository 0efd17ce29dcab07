// Minimal path (A*, binary heap with decrease-key) on a 26-connected voxel grid: the WASM twin of
// src/vessel/min-path.ts (same order of neighbours, same keys, same tie-breaking → same path).
// Memory is imported; the caller lays out every array (all 8- or 4-byte aligned):
//   cost f32[n] (per mm, +inf = wall), g f64[n], fKey f64[n], parent i32[n], heapPos i32[n], heap i32[n],
//   nOff i32[26] (neighbour index offsets), stepMm f64[26], dijk i32[78] (neighbour di, dj, dk).
// Returns the number of settled voxels, or −1 when the goal is unreachable (or costs more than maxCost).

@inline function fk(fKey: usize, v: i32): f64 { return load<f64>(fKey + (<usize>v << 3)); }
@inline function hp(heap: usize, p: i32): i32 { return load<i32>(heap + (<usize>p << 2)); }

function siftUp(heap: usize, heapPos: usize, fKey: usize, pos: i32): void {
  const v = hp(heap, pos);
  const key = fk(fKey, v);
  while (pos > 0) {
    const pp = (pos - 1) >> 1;
    const pv = hp(heap, pp);
    if (fk(fKey, pv) <= key) break;
    store<i32>(heap + (<usize>pos << 2), pv);
    store<i32>(heapPos + (<usize>pv << 2), pos);
    pos = pp;
  }
  store<i32>(heap + (<usize>pos << 2), v);
  store<i32>(heapPos + (<usize>v << 2), pos);
}

function siftDown(heap: usize, heapPos: usize, fKey: usize, pos: i32, size: i32): void {
  const v = hp(heap, pos);
  const key = fk(fKey, v);
  for (;;) {
    let c = 2 * pos + 1;
    if (c >= size) break;
    if (c + 1 < size && fk(fKey, hp(heap, c + 1)) < fk(fKey, hp(heap, c))) c++;
    const cv = hp(heap, c);
    if (fk(fKey, cv) >= key) break;
    store<i32>(heap + (<usize>pos << 2), cv);
    store<i32>(heapPos + (<usize>cv << 2), pos);
    pos = c;
  }
  store<i32>(heap + (<usize>pos << 2), v);
  store<i32>(heapPos + (<usize>v << 2), pos);
}

export function minimalPath(nx: i32, ny: i32, nz: i32, sx: f64, sy: f64, sz: f64, hw: f64,
  cost: usize, g: usize, fKey: usize, parent: usize, heapPos: usize, heap: usize,
  nOff: usize, stepMm: usize, dijk: usize, start: i32, goal: i32, maxCost: f64): i32 {
  const n = nx * ny * nz;
  const nxy = nx * ny;
  for (let v = 0; v < n; v++) {
    store<f64>(g + (<usize>v << 3), Infinity);
    store<i32>(parent + (<usize>v << 2), -1);
    store<i32>(heapPos + (<usize>v << 2), -1);
  }
  const gi = goal % nx, gj = (goal / nx) % ny, gk = goal / nxy;
  store<f64>(g + (<usize>start << 3), 0);
  {
    const i = start % nx, j = (start / nx) % ny, k = start / nxy;
    const dx = <f64>(i - gi) * sx, dy = <f64>(j - gj) * sy, dz = <f64>(k - gk) * sz;
    store<f64>(fKey + (<usize>start << 3), hw * Math.sqrt(dx * dx + dy * dy + dz * dz));
  }
  store<i32>(heap, start);
  store<i32>(heapPos + (<usize>start << 2), 0);
  let size = 1;
  let settled = 0;
  let reached = false;
  while (size > 0) {
    const u = hp(heap, 0);
    if (fk(fKey, u) > maxCost) break;
    size--;
    if (size > 0) {
      store<i32>(heap, hp(heap, size));
      siftDown(heap, heapPos, fKey, 0, size);
    }
    store<i32>(heapPos + (<usize>u << 2), -2);
    settled++;
    if (u == goal) { reached = true; break; }
    const gu = load<f64>(g + (<usize>u << 3));
    const cu = <f64>load<f32>(cost + (<usize>u << 2));
    const ui = u % nx, uj = (u / nx) % ny, uk = u / nxy;
    for (let q = 0; q < 26; q++) {
      const v = u + load<i32>(nOff + (<usize>q << 2));
      const hv = load<i32>(heapPos + (<usize>v << 2));
      if (hv == -2) continue;
      const cv = <f64>load<f32>(cost + (<usize>v << 2));
      if (!(cv < Infinity)) continue;
      const nd = gu + load<f64>(stepMm + (<usize>q << 3)) * 0.5 * (cu + cv);
      if (nd >= load<f64>(g + (<usize>v << 3))) continue;
      store<f64>(g + (<usize>v << 3), nd);
      store<i32>(parent + (<usize>v << 2), u);
      const vi = ui + load<i32>(dijk + (<usize>(3 * q) << 2));
      const vj = uj + load<i32>(dijk + (<usize>(3 * q + 1) << 2));
      const vk = uk + load<i32>(dijk + (<usize>(3 * q + 2) << 2));
      const dx = <f64>(vi - gi) * sx, dy = <f64>(vj - gj) * sy, dz = <f64>(vk - gk) * sz;
      store<f64>(fKey + (<usize>v << 3), nd + hw * Math.sqrt(dx * dx + dy * dy + dz * dz));
      if (hv == -1) {
        store<i32>(heap + (<usize>size << 2), v);
        size++;
        siftUp(heap, heapPos, fKey, size - 1);
      } else {
        siftUp(heap, heapPos, fKey, hv);
      }
    }
  }
  return reached ? settled : -1;
}
