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
