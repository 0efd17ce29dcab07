// The two edge fits of src/vessel/edge-fits.ts (two blurred steps; the calcium shell), their (a, b) grid searches in
// f64x2 SIMD: the two lanes are two b of one a, each with its own sums accumulated in the TS order (no fused
// multiply-add in WASM SIMD), so each lane's residual is bit for bit the TS one and the first strict minimum is the
// same (a, b). Memory is imported; the caller lays out every array (8-byte aligned f64).

// ---- two blurred steps: y ≈ L·Φa + P·(Φb − Φa) + F·(1 − Φb) ----

/** Φ((k·h − m·dr)/σ) from the caller's table of Φ on the k − m·step grid, |kk| < K (0 and 1 beyond) */
@inline
function cdfAt(tab: usize, K: i32, kk: i32): f64 {
  return kk <= -K ? 0.0 : kk >= K ? 1.0 : load<f64>(tab + (<usize>(kk + K) << 3));
}

@inline
function twoStepSse(L: f64, F: f64, syy: f64, syd: f64, sdd: f64): f64 {
  const P = min(L, max(F, sdd > 1e-9 ? syd / sdd : F));
  return syy - 2 * P * syd + P * P * sdd;
}

/**
 * The two-step fit of one ray (twoStepEdge's search): steps a = ia·h (ia0…ia1), b = a + 2i·h up to a + ibSpan·h,
 * samples m0 + j (j < nm, profile at `prof`). Φ at step k and sample m depends on kk = k − m·step alone: Φ, F·(1 − Φ)
 * and L·Φ are laid out once per call over the kk the search reads (not per k and m). `work`: 3·(n + 2) f64 for the
 * n = ia1 + ibSpan − ia0 + (nm − 1)·step + 1 values of kk. Returns the best ia, or −1 when no residual is below +∞.
 */
export function twoStepFit(tab: usize, K: i32, prof: usize, m0: i32, nm: i32, step: i32, ia0: i32, ia1: i32, ibSpan: i32,
  L: f64, F: f64, work: usize): i32 {
  const kkMin = ia0 - (m0 + nm - 1) * step, n = ia1 + ibSpan - m0 * step - kkMin + 1, half = (n + 1) >> 1;
  // Φ and F·(1 − Φ) with the kk of one parity side by side (b steps by 2: the lanes b and b + 2 are neighbours); L·Φ
  const ph = work, ft = ph + (<usize>(2 * half) << 3), la = ft + (<usize>(2 * half) << 3);
  for (let e = 0; e < n; e++) {
    const v = cdfAt(tab, K, e + kkMin);
    const at = (<usize>((e & 1) * half + (e >> 1))) << 3;
    store<f64>(ph + at, v);
    store<f64>(ft + at, F * (1 - v));
    store<f64>(la + (<usize>e << 3), L * v);
  }
  let best = Infinity, bestIa = -1;
  for (let ia = ia0; ia <= ia1; ia++) {
    let ib = ia;
    // b and b + 2 in the lanes of one vector, two vectors (four b) per pass
    for (; ib + 6 <= ia + ibSpan; ib += 8) {
      let syy0 = f64x2.splat(0), syd0 = f64x2.splat(0), sdd0 = f64x2.splat(0);
      let syy1 = f64x2.splat(0), syd1 = f64x2.splat(0), sdd1 = f64x2.splat(0);
      for (let j = 0; j < nm; j++) {
        const shift = (m0 + j) * step + kkMin, ea = ia - shift, eb = ib - shift;
        const A = f64x2.splat(load<f64>(ph + (<usize>((ea & 1) * half + (ea >> 1)) << 3)));
        const l = f64x2.splat(load<f64>(la + (<usize>ea << 3)));
        const y0 = f64x2.splat(load<f64>(prof + (<usize>j << 3)));
        const at = <usize>((eb & 1) * half + (eb >> 1)) << 3;
        const B0 = v128.load(ph + at), B1 = v128.load(ph + at, 16);
        const ya = f64x2.sub(f64x2.sub(y0, v128.load(ft + at)), l), yb = f64x2.sub(f64x2.sub(y0, v128.load(ft + at, 16)), l);
        const da = f64x2.sub(B0, A), db = f64x2.sub(B1, A);
        syy0 = f64x2.add(syy0, f64x2.mul(ya, ya)); syd0 = f64x2.add(syd0, f64x2.mul(ya, da)); sdd0 = f64x2.add(sdd0, f64x2.mul(da, da));
        syy1 = f64x2.add(syy1, f64x2.mul(yb, yb)); syd1 = f64x2.add(syd1, f64x2.mul(yb, db)); sdd1 = f64x2.add(sdd1, f64x2.mul(db, db));
      }
      let sse = twoStepSse(L, F, f64x2.extract_lane(syy0, 0), f64x2.extract_lane(syd0, 0), f64x2.extract_lane(sdd0, 0));
      if (sse < best) { best = sse; bestIa = ia; }
      sse = twoStepSse(L, F, f64x2.extract_lane(syy0, 1), f64x2.extract_lane(syd0, 1), f64x2.extract_lane(sdd0, 1));
      if (sse < best) { best = sse; bestIa = ia; }
      sse = twoStepSse(L, F, f64x2.extract_lane(syy1, 0), f64x2.extract_lane(syd1, 0), f64x2.extract_lane(sdd1, 0));
      if (sse < best) { best = sse; bestIa = ia; }
      sse = twoStepSse(L, F, f64x2.extract_lane(syy1, 1), f64x2.extract_lane(syd1, 1), f64x2.extract_lane(sdd1, 1));
      if (sse < best) { best = sse; bestIa = ia; }
    }
    // the b left over, one at a time
    for (; ib <= ia + ibSpan; ib += 2) {
      let syy = 0.0, syd = 0.0, sdd = 0.0;
      for (let j = 0; j < nm; j++) {
        const shift = (m0 + j) * step + kkMin, ea = ia - shift, eb = ib - shift;
        const A = load<f64>(ph + (<usize>((ea & 1) * half + (ea >> 1)) << 3));
        const at = <usize>((eb & 1) * half + (eb >> 1)) << 3;
        const y = load<f64>(prof + (<usize>j << 3)) - load<f64>(ft + at) - load<f64>(la + (<usize>ea << 3)), dd = load<f64>(ph + at) - A;
        syy += y * y; syd += y * dd; sdd += dd * dd;
      }
      const sse = twoStepSse(L, F, syy, syd, sdd);
      if (sse < best) { best = sse; bestIa = ia; }
    }
  }
  return bestIa;
}

// ---- calcium shell: y ≈ L·Da + C·(Db − Da) + W·(1 − Db) ----

/** the shell fit's residual (edge-fits.ts shellSse: Cramer's rule, +∞ when singular or the calcium not brightest) */
@inline
function shellSse(yy: f64, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, y1: f64, y2: f64, y3: f64): f64 {
  const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
  if (!(abs(det) > 1e-12)) return Infinity;
  const x1 = (y1 * (d * f - e * e) - b * (y2 * f - e * y3) + c * (y2 * e - d * y3)) / det;
  const x2 = (a * (y2 * f - e * y3) - y1 * (b * f - e * c) + c * (b * y3 - y2 * c)) / det;
  const x3 = (a * (d * y3 - y2 * e) - b * (b * y3 - y2 * c) + y1 * (b * e - d * c)) / det;
  if (!(x2 > x1) || !(x2 > x3)) return Infinity;
  return yy - 2 * (x1 * y1 + x2 * y2 + x3 * y3) + (x1 * x1 * a + x2 * x2 * d + x3 * x3 * f + 2 * (x1 * x2 * b + x1 * x3 * c + x2 * x3 * e));
}

/** shellSse of lane 0 (the first b of a vector; its per-b sums at index k of s33b, t3b) */
@inline
function shellLane0(yy: f64, s11: f64, s12: v128, s13: v128, s22: v128, s23: v128, s33b: usize, t1: f64, t2: v128, t3b: usize, k: i32): f64 {
  return shellSse(yy, s11, f64x2.extract_lane(s12, 0), f64x2.extract_lane(s13, 0), f64x2.extract_lane(s22, 0), f64x2.extract_lane(s23, 0),
    load<f64>(s33b + (<usize>k << 3)), t1, f64x2.extract_lane(t2, 0), load<f64>(t3b + (<usize>k << 3)));
}

/** shellSse of lane 1 (the second b of a vector) */
@inline
function shellLane1(yy: f64, s11: f64, s12: v128, s13: v128, s22: v128, s23: v128, s33b: usize, t1: f64, t2: v128, t3b: usize, k: i32): f64 {
  return shellSse(yy, s11, f64x2.extract_lane(s12, 1), f64x2.extract_lane(s13, 1), f64x2.extract_lane(s22, 1), f64x2.extract_lane(s23, 1),
    load<f64>(s33b + (<usize>k << 3)), t1, f64x2.extract_lane(t2, 1), load<f64>(t3b + (<usize>k << 3)));
}

/**
 * The shell fit of one ray and one σ (edge-fits.ts shellFit): the blurred-disk fractions at `disk` transposed,
 * D(r_j; k·h) at (j·nk + k − k0), k0…k0 + nk − 1 covering ia0…ibMax and ibFrom; the ray's nm samples at `prof`.
 * `work`: 2·(ibMax − ibFrom + 1) f64. Writes the best ia (−1 when none) at `out` and returns its residual.
 */
export function shellFit(disk: usize, nk: i32, k0: i32, prof: usize, nm: i32, ia0: i32, ia1: i32, ibPeak: i32, ibMax: i32,
  work: usize, out: usize): f64 {
  let yy = 0.0;
  for (let m = 0; m < nm; m++) { const y = load<f64>(prof + (<usize>m << 3)); yy += y * y; }
  const ibFrom = min(ia0 + 1, ibPeak), nb = ibMax - ibFrom + 1;
  const s33b = work, t3b = work + (<usize>nb << 3);
  for (let ib = ibFrom; ib <= ibMax; ib++) {
    let s33 = 0.0, t3 = 0.0;
    for (let m = 0; m < nm; m++) {
      const f3 = 1 - load<f64>(disk + (<usize>(m * nk + ib - k0) << 3)), y = load<f64>(prof + (<usize>m << 3));
      s33 += f3 * f3; t3 += f3 * y;
    }
    store<f64>(s33b + (<usize>(ib - ibFrom) << 3), s33); store<f64>(t3b + (<usize>(ib - ibFrom) << 3), t3);
  }
  const one = f64x2.splat(1);
  let best = Infinity, bestIa = -1;
  for (let ia = ia0; ia <= ia1; ia++) {
    let s11 = 0.0, t1 = 0.0;
    for (let m = 0; m < nm; m++) {
      const f1 = load<f64>(disk + (<usize>(m * nk + ia - k0) << 3)), y = load<f64>(prof + (<usize>m << 3));
      s11 += f1 * f1; t1 += f1 * y;
    }
    // b and b + 1 in the lanes of one vector (neighbours in the transposed table), two vectors (four b) per pass
    let ib = max(ia + 1, ibPeak);
    for (; ib + 3 <= ibMax; ib += 4) {
      let s12 = f64x2.splat(0), s13 = f64x2.splat(0), s22 = f64x2.splat(0), s23 = f64x2.splat(0), t2 = f64x2.splat(0);
      let u12 = f64x2.splat(0), u13 = f64x2.splat(0), u22 = f64x2.splat(0), u23 = f64x2.splat(0), v2 = f64x2.splat(0);
      for (let m = 0; m < nm; m++) {
        const row = disk + (<usize>(m * nk - k0) << 3);
        const f1 = f64x2.splat(load<f64>(row + (<usize>ia << 3))), y = f64x2.splat(load<f64>(prof + (<usize>m << 3)));
        const Db = v128.load(row + (<usize>ib << 3)), Dd = v128.load(row + (<usize>ib << 3), 16);
        const f2 = f64x2.sub(Db, f1), f3 = f64x2.sub(one, Db), g2 = f64x2.sub(Dd, f1), g3 = f64x2.sub(one, Dd);
        s12 = f64x2.add(s12, f64x2.mul(f1, f2)); s13 = f64x2.add(s13, f64x2.mul(f1, f3)); s22 = f64x2.add(s22, f64x2.mul(f2, f2));
        s23 = f64x2.add(s23, f64x2.mul(f2, f3)); t2 = f64x2.add(t2, f64x2.mul(f2, y));
        u12 = f64x2.add(u12, f64x2.mul(f1, g2)); u13 = f64x2.add(u13, f64x2.mul(f1, g3)); u22 = f64x2.add(u22, f64x2.mul(g2, g2));
        u23 = f64x2.add(u23, f64x2.mul(g2, g3)); v2 = f64x2.add(v2, f64x2.mul(g2, y));
      }
      const k = ib - ibFrom;
      let sse = shellLane0(yy, s11, s12, s13, s22, s23, s33b, t1, t2, t3b, k);
      if (sse < best) { best = sse; bestIa = ia; }
      sse = shellLane1(yy, s11, s12, s13, s22, s23, s33b, t1, t2, t3b, k + 1);
      if (sse < best) { best = sse; bestIa = ia; }
      sse = shellLane0(yy, s11, u12, u13, u22, u23, s33b, t1, v2, t3b, k + 2);
      if (sse < best) { best = sse; bestIa = ia; }
      sse = shellLane1(yy, s11, u12, u13, u22, u23, s33b, t1, v2, t3b, k + 3);
      if (sse < best) { best = sse; bestIa = ia; }
    }
    for (; ib + 1 <= ibMax; ib += 2) {
      let s12 = f64x2.splat(0), s13 = f64x2.splat(0), s22 = f64x2.splat(0), s23 = f64x2.splat(0), t2 = f64x2.splat(0);
      for (let m = 0; m < nm; m++) {
        const row = disk + (<usize>(m * nk - k0) << 3);
        const f1 = f64x2.splat(load<f64>(row + (<usize>ia << 3))), y = f64x2.splat(load<f64>(prof + (<usize>m << 3)));
        const Db = v128.load(row + (<usize>ib << 3));
        const f2 = f64x2.sub(Db, f1), f3 = f64x2.sub(one, Db);
        s12 = f64x2.add(s12, f64x2.mul(f1, f2)); s13 = f64x2.add(s13, f64x2.mul(f1, f3)); s22 = f64x2.add(s22, f64x2.mul(f2, f2));
        s23 = f64x2.add(s23, f64x2.mul(f2, f3)); t2 = f64x2.add(t2, f64x2.mul(f2, y));
      }
      const k = ib - ibFrom;
      let sse = shellLane0(yy, s11, s12, s13, s22, s23, s33b, t1, t2, t3b, k);
      if (sse < best) { best = sse; bestIa = ia; }
      sse = shellLane1(yy, s11, s12, s13, s22, s23, s33b, t1, t2, t3b, k + 1);
      if (sse < best) { best = sse; bestIa = ia; }
    }
    if (ib <= ibMax) {
      let s12 = 0.0, s13 = 0.0, s22 = 0.0, s23 = 0.0, t2 = 0.0;
      for (let m = 0; m < nm; m++) {
        const row = disk + (<usize>(m * nk - k0) << 3);
        const Da = load<f64>(row + (<usize>ia << 3)), Db = load<f64>(row + (<usize>ib << 3)), y = load<f64>(prof + (<usize>m << 3));
        const f1 = Da, f2 = Db - Da, f3 = 1 - Db;
        s12 += f1 * f2; s13 += f1 * f3; s22 += f2 * f2; s23 += f2 * f3; t2 += f2 * y;
      }
      const k = ib - ibFrom;
      const sse = shellSse(yy, s11, s12, s13, s22, s23, load<f64>(s33b + (<usize>k << 3)), t1, t2, load<f64>(t3b + (<usize>k << 3)));
      if (sse < best) { best = sse; bestIa = ia; }
    }
  }
  store<i32>(out, bestIa);
  return best;
}
