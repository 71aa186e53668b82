/** The p-th percentile (0–100) of `values`, interpolating linearly between order statistics (numpy's default). */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: expected a percentile in [0, 100], got ${p}`);
  if (values.length === 0) throw new Error('percentile: no values');
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}
