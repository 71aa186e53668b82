/** Sums over the examples seen so far in a phase (JSON-able, for checkpoints). */
export interface MetricTotals {
  /** Σ per-example loss. */
  lossSum: number;
  count: number;
  correct: number;
  /** C·C counts, row = true class, column = predicted class. */
  confusion: number[];
}

/** What a finished phase (train, val or test) of an epoch reports. */
export interface PhaseMetrics {
  loss: number;
  accuracy: number;
  /** Per class: correct / examples of that class; null for a class with no examples. */
  perClassAccuracy: Array<number | null>;
  /** Row = true class, column = predicted class. */
  confusion: number[][];
  count: number;
}

export function emptyTotals(classes: number): MetricTotals {
  return { lossSum: 0, count: 0, correct: 0, confusion: new Array<number>(classes * classes).fill(0) };
}

export function summarise(totals: MetricTotals, classes: number): PhaseMetrics {
  const confusion = Array.from({ length: classes }, (_, row) =>
    totals.confusion.slice(row * classes, (row + 1) * classes),
  );
  const perClassAccuracy = confusion.map((row, c) => {
    const examples = row.reduce((a, b) => a + b, 0);
    return examples === 0 ? null : row[c]! / examples;
  });
  return {
    loss: totals.lossSum / totals.count,
    accuracy: totals.correct / totals.count,
    perClassAccuracy,
    confusion,
    count: totals.count,
  };
}
