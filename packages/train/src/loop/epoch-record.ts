import type { PhaseMetrics } from '../metrics/metric-totals';

/** One finished epoch, as logged (JSONL), kept in the history and drawn in reports. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  train: PhaseMetrics;
  val?: PhaseMetrics;
  test?: PhaseMetrics;
  /** Training images per second over the epoch's training phase. */
  imagesPerSecond: number;
  /** Wall time of the whole epoch, evaluation included. */
  seconds: number;
  /** Optimiser steps taken so far in the run. */
  steps: number;
}

export const PHASES = ['train', 'val', 'test'] as const;
export type Phase = (typeof PHASES)[number];

/** The dotted metric names an epoch can have, for monitors and `reduceLROnPlateau`. */
export const MONITORED_METRICS = PHASES.flatMap((phase) => [`${phase}.loss`, `${phase}.accuracy`]);

/** `train.loss`, `val.accuracy`, … for schedules and monitors. */
export function metricValues(record: EpochRecord): Record<string, number> {
  const values: Record<string, number> = { lr: record.lr, imagesPerSecond: record.imagesPerSecond };
  for (const phase of PHASES) {
    const metrics = record[phase];
    if (!metrics) continue;
    values[`${phase}.loss`] = metrics.loss;
    values[`${phase}.accuracy`] = metrics.accuracy;
  }
  return values;
}
