import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import type { PhaseMetrics } from '@bcos/train';

/** Accuracy and counts of one evaluated split, per class by name. */
export interface SplitResult {
  accuracy: number;
  loss: number;
  count: number;
  misclassified: number;
  perClassAccuracy: Record<string, number | null>;
}

/** What a run of an example measured, written as `<out>/results.json`. */
export interface RunResults {
  title: string;
  dataset: string;
  model: string;
  trainableParameters: number;
  backend: string;
  epochs: number;
  trainImages: number;
  /** The last epoch's training and validation metrics (validation when there is a validation split). */
  train: SplitResult;
  val?: SplitResult;
  test: SplitResult;
  /** Wall time of each epoch (training and its evaluations). */
  epochSeconds: number[];
  /** Wall time of the whole run: training, saving, final evaluation, report. */
  seconds: number;
  report?: string;
  modelDir: string;
}

/** Images off the confusion matrix's diagonal. */
export function misclassifiedCount(metrics: PhaseMetrics): number {
  return metrics.confusion.reduce((sum, row, c) => sum + row.reduce((a, b) => a + b, 0) - (row[c] ?? 0), 0);
}

export function splitResult(metrics: PhaseMetrics, classNames: readonly string[]): SplitResult {
  return {
    accuracy: metrics.accuracy,
    loss: metrics.loss,
    count: metrics.count,
    misclassified: misclassifiedCount(metrics),
    perClassAccuracy: Object.fromEntries(
      classNames.map((name, c) => [name, metrics.perClassAccuracy[c] ?? null]),
    ),
  };
}

export const RESULTS_FILE = 'results.json';

export async function writeResults(directory: string, results: RunResults): Promise<string> {
  const path = join(directory, RESULTS_FILE);
  await writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

export function percent(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '–' : `${(100 * value).toFixed(digits)}%`;
}

/** "test accuracy 90.03% (1,104 of 10,000 misclassified)" */
export function describeSplit(name: string, result: SplitResult): string {
  const grouped = (n: number) => n.toLocaleString('en-US');
  return `${name} accuracy ${percent(result.accuracy)} (${grouped(result.misclassified)} of ${grouped(result.count)} misclassified)`;
}

/** "Female 97.10%, Male 95.02%" */
export function describePerClass(result: SplitResult): string {
  return Object.entries(result.perClassAccuracy)
    .map(([name, accuracy]) => `${name} ${percent(accuracy)}`)
    .join(', ');
}

/** "40 epochs of 50,000 images on webgpu, 31.2 s per epoch" */
export function describeRun(results: RunResults): string {
  const perEpoch = results.epochSeconds.reduce((a, b) => a + b, 0) / results.epochSeconds.length;
  const images = results.trainImages.toLocaleString('en-US');
  return `${results.epochs} epoch${results.epochs === 1 ? '' : 's'} of ${images} images on ${results.backend}, ${perEpoch.toFixed(1)} s per epoch`;
}
