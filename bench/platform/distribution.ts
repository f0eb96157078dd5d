// Median and 99th percentile of repeated measurements, as every platform figure is reported.
export interface Distribution {
  runs: number;
  median: number;
  p99: number;
}

/** Nearest-rank percentiles (no interpolation), so every figure reported is one that was measured. */
export function distribution(samples: readonly number[]): Distribution {
  if (!samples.length) throw new Error("a distribution needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (percentile: number) => sorted[Math.max(0, Math.ceil(percentile * sorted.length) - 1)]!;
  return { runs: sorted.length, median: round(rank(0.5)), p99: round(rank(0.99)) };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
