/** Latency figures of one series of timed requests, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  /** Requests per second of this series alone: count over the sum of its latencies. */
  requestsPerSecond: number;
}

/**
 * Summarises durations measured with `process.hrtime.bigint()` (nanoseconds). Percentiles use
 * the nearest-rank method, so every figure is a latency that was actually observed.
 */
export function summarizeLatencies(durationsNs: readonly bigint[]): LatencySummary {
  if (durationsNs.length === 0) {
    throw new Error("No durations to summarise.");
  }
  const sorted = [...durationsNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const totalNs = sorted.reduce((sum, value) => sum + value, 0n);

  const rank = (fraction: number): bigint => {
    const index = Math.max(Math.ceil(fraction * sorted.length) - 1, 0);
    return sorted[index]!;
  };
  const ms = (ns: bigint | number) => round(Number(ns) / 1e6);

  return {
    count: sorted.length,
    p50Ms: ms(rank(0.5)),
    p95Ms: ms(rank(0.95)),
    p99Ms: ms(rank(0.99)),
    meanMs: ms(Number(totalNs) / sorted.length),
    minMs: ms(sorted[0]!),
    maxMs: ms(sorted[sorted.length - 1]!),
    requestsPerSecond: round((sorted.length * 1e9) / Number(totalNs), 1),
  };
}

/** Rounds to `digits` decimals (three by default: microseconds when the unit is ms). */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
