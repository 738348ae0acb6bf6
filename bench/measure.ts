// What several benchmarks share: a seeded random source, so every run measures the same work, and latency summaries.

/** A seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** "p50 …, p99 …, max … (N calls)" in µs below a millisecond, in ms above. */
export function describeLatency(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const format = (ms: number): string => `${ms < 1 ? (ms * 1000).toFixed(0) + ' µs' : ms.toFixed(2) + ' ms'}`;
  return `p50 ${format(percentile(sorted, 50))}, p99 ${format(percentile(sorted, 99))}, max ${format(sorted[sorted.length - 1])} (${sorted.length} calls)`;
}
