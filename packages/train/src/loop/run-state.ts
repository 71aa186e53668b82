import type { RngState } from '@bcos/augment';
import type { BestModelState } from '../callbacks/best-model';
import type { EarlyStoppingState } from '../callbacks/early-stopping';
import type { MetricTotals } from '../metrics/metric-totals';
import type { EpochRecord } from './epoch-record';

/** Everything besides model and optimiser weights that a checkpoint must hold to continue exactly. */
export interface RunState {
  version: 1;
  seed: number;
  batchSize: number;
  /** 0-based epoch in progress (mid-epoch checkpoint) or next to run (epoch-end checkpoint). */
  epoch: number;
  /** Batches of `epoch` already trained. */
  stepInEpoch: number;
  /** Optimiser steps of the whole run. */
  step: number;
  /** The augmentation generator's state mid-epoch (each epoch starts from a fork of the seed). */
  rng: RngState | null;
  /** The epoch's training metric totals so far, mid-epoch. */
  totals: MetricTotals | null;
  schedule: unknown;
  history: EpochRecord[];
  best: BestModelState | null;
  earlyStopping: EarlyStoppingState | null;
  /** Training loss and largest |weight| when written (absent in checkpoints of older versions). */
  health?: { trainLoss: number | null; largestWeight: number };
}

export function freshState(seed: number, batchSize: number): RunState {
  return {
    version: 1,
    seed,
    batchSize,
    epoch: 0,
    stepInEpoch: 0,
    step: 0,
    rng: null,
    totals: null,
    schedule: null,
    history: [],
    best: null,
    earlyStopping: null,
  };
}

/** A checkpoint's state, checked against this run's settings. */
export function checkResumable(
  saved: RunState,
  path: string,
  settings: { seed: number; batchSize: number },
): RunState {
  if (saved.version !== 1) throw new Error(`${path}: unsupported checkpoint version ${saved.version}`);
  if (saved.seed !== settings.seed)
    throw new Error(
      `${path}: written with seed ${saved.seed}, but this run has seed ${settings.seed}; resuming would change the data order`,
    );
  if (saved.stepInEpoch > 0 && saved.batchSize !== settings.batchSize)
    throw new Error(
      `${path}: stopped mid-epoch with batchSize ${saved.batchSize}; resume with the same batchSize (got ${settings.batchSize})`,
    );
  return saved;
}
