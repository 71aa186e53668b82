import type * as tf from '@tensorflow/tfjs-core';

/**
 * One batch as the trainer consumes it. Tensors live on the active backend (created when the batch
 * is produced, so prefetching overlaps the upload); whoever consumes a batch disposes its tensors.
 */
export interface Batch {
  /** [N, H, W, C]: int32 holding 0..255 (tfjs has no uint8 dtype) or float32. */
  images: tf.Tensor4D;
  /** [N] int32 class indices. */
  labels: tf.Tensor1D;
  /** Dataset indices of the N images, for reports and reproducibility. */
  indices: Int32Array;
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle with a permutation derived from (seed, epoch): the same pair gives the same order. */
  shuffle?: boolean;
  seed?: number;
  epoch?: number;
  /** Drop a last batch smaller than batchSize. */
  dropLast?: boolean;
  /** Batches prepared ahead of the consumer (default 2). */
  prefetch?: number;
  /** Skip this many batches at the start (used to resume mid-epoch). */
  skipBatches?: number;
}

/** Images with labels held on the host, random access plus an epoch-wise batch stream. */
export interface ImageDataset {
  readonly name: string;
  readonly size: number;
  /** [H, W, C] of every image. */
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  /** Host copies of some images (uint8, N·H·W·C row-major NHWC) and their labels. */
  get(indices: ArrayLike<number>): Promise<{ images: Uint8Array; labels: Int32Array }>;
  batches(options: BatchOptions): AsyncIterable<Batch>;
}
