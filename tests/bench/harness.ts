import { mulberry32 } from '../../sample-data/phantom/rng.ts';
// Bench harness: seeded data, warm-up, repetitions, a sink so the engine cannot skip work.
export interface BenchResult {
  name: string;
  env: 'node' | 'chromium';
  runs: number;
  minMs: number;
  medianMs: number;
  maxMs: number;
  against?: string;
  ratio?: number;
  /** free-form extra figures (samples/s, error in mm, …) */
  extra?: Record<string, number | string>;
}

let sinkValue = 0;
/** Feed results here so the work cannot be optimised away. */
export function sink(v: number): void {
  sinkValue = (sinkValue + v) % 1e9;
}
export function sinkTotal(): number {
  return sinkValue;
}

export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  opts: { runs?: number; warmup?: number; env?: 'node' | 'chromium' } = {},
): Promise<BenchResult> {
  const runs = opts.runs ?? 10;
  const warmup = opts.warmup ?? 2;
  for (let i = 0; i < warmup; i++) consume(await fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    consume(await fn());
    times.push(performance.now() - t0);
  }
  return summarise(name, times, opts.env ?? 'node');
}

export function summarise(name: string, timesMs: number[], env: 'node' | 'chromium'): BenchResult {
  const t = [...timesMs].sort((a, b) => a - b);
  const mid = Math.floor(t.length / 2);
  const median = t.length % 2 ? t[mid]! : (t[mid - 1]! + t[mid]!) / 2;
  return { name, env, runs: t.length, minMs: t[0]!, medianMs: median, maxMs: t[t.length - 1]! };
}

/** Sets `against` and `ratio` = median(against) / median(this). */
export function against(result: BenchResult, reference: BenchResult): BenchResult {
  return { ...result, against: reference.name, ratio: reference.medianMs / result.medianMs };
}

function consume(v: unknown): void {
  if (typeof v === 'number') sink(v);
  else if (v && typeof v === 'object' && 'length' in v) sink(Number((v as { length: number }).length));
}

/** Seeded PRNG for reproducible bench data (the phantom's mulberry32). */
export const seededRandom = mulberry32;
