import type { Predictions } from '../loop/predictions';

/** Positions (into `predictions`) of up to `count` examples, most confident first. */
export function selectExamples(
  predictions: Predictions,
  kind: 'misclassified' | 'correct',
  count: number,
): number[] {
  const wanted = (i: number) => (predictions.predicted[i] === predictions.labels[i]) === (kind === 'correct');
  return Array.from(predictions.labels.keys())
    .filter(wanted)
    .sort((a, b) => predictions.confidence[b]! - predictions.confidence[a]! || a - b)
    .slice(0, count);
}

/** Positions (into `predictions`) of the first `count` images of the dataset, in dataset order. */
export function firstExamples(predictions: Predictions, count: number): number[] {
  return Array.from(predictions.indices.keys())
    .filter((p) => predictions.indices[p]! < count)
    .sort((a, b) => predictions.indices[a]! - predictions.indices[b]!);
}
