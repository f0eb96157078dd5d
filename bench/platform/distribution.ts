// Median and 99th percentile of repeated measurements, as every platform figure is reported.
export interface Distribution {
  runs: number;
  median: number;
  p99: number;
}

/** The nearest-rank percentile of ascending samples (no interpolation), so every figure reported is one that was measured. */
export const nearestRank = (sorted: readonly number[], share: number): number => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;

export function distribution(samples: readonly number[]): Distribution {
  if (!samples.length) throw new Error("a distribution needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, median: round(nearestRank(sorted, 0.5)), p99: round(nearestRank(sorted, 0.99)) };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
