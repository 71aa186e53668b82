import { permutation } from '../random';
import type { BatchOptions } from '../types';

function checkCount(value: number | undefined, what: string, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`batches: ${what} must be an integer ≥ ${min}, got ${value}`);
  }
}

export function checkBatchOptions(options: BatchOptions): void {
  checkCount(options.batchSize, 'batchSize', 1);
  checkCount(options.prefetch, 'prefetch', 0);
  checkCount(options.skipBatches, 'skipBatches', 0);
  checkCount(options.epoch, 'epoch', 0);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new Error(`batches: seed must be a safe integer, got ${options.seed}`);
  }
}

/** The dataset order of one epoch: a permutation of (seed, epoch) when shuffling, else 0..size-1. */
export function epochOrder(size: number, { shuffle = false, seed = 0, epoch = 0 }: BatchOptions): Int32Array {
  if (shuffle) return permutation(size, seed, epoch);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  return order;
}

/** The index lists of the batches one epoch yields, after dropLast and skipBatches. */
export function planEpoch(size: number, options: BatchOptions): Int32Array[] {
  checkBatchOptions(options);
  const { batchSize, dropLast = false, skipBatches = 0 } = options;
  const order = epochOrder(size, options);
  const count = dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
  const plan: Int32Array[] = [];
  for (let b = skipBatches; b < count; b++) {
    plan.push(order.subarray(b * batchSize, Math.min(size, (b + 1) * batchSize)));
  }
  return plan;
}
