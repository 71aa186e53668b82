import { argumentError } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';

/** A value or an inclusive [min, max] range from which each image draws its own. */
export type Range = number | readonly [number, number];

/** One number for every channel, or one per channel. */
export type Fill = number | readonly number[];

/** `size` as [height, width] from a number (square) or a pair of positive integers. */
export function sizePair(transform: string, argument: string, size: unknown): [number, number] {
  const pair = typeof size === 'number' ? [size, size] : size;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((s) => Number.isSafeInteger(s) && s > 0)) {
    throw argumentError(
      transform,
      argument,
      'a positive integer or [height, width] of positive integers',
      size,
    );
  }
  return [pair[0], pair[1]];
}

/** A {@link Range} of non-negative integers as [min, max]. */
export function integerRange(transform: string, argument: string, range: unknown): [number, number] {
  const pair = typeof range === 'number' ? [range, range] : range;
  const valid =
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every((v) => Number.isSafeInteger(v) && v >= 0) &&
    pair[0] <= pair[1];
  if (!valid)
    throw argumentError(transform, argument, 'a non-negative integer or [min, max] with min <= max', range);
  return [pair[0], pair[1]];
}

/** A {@link Range} of finite numbers as [min, max]. */
export function numberRange(transform: string, argument: string, range: unknown): [number, number] {
  const pair = typeof range === 'number' ? [range, range] : range;
  const valid = Array.isArray(pair) && pair.length === 2 && pair.every(Number.isFinite) && pair[0] <= pair[1];
  if (!valid)
    throw argumentError(transform, argument, 'a finite number or [min, max] with min <= max', range);
  return [pair[0], pair[1]];
}

export function fill(transform: string, value: unknown): Fill {
  const valid =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (Array.isArray(value) && value.length > 0 && value.every(Number.isFinite));
  if (!valid) throw argumentError(transform, 'fill', 'a finite number or one per channel', value);
  return value as Fill;
}

/** Per-channel values (fill, mean, std) as one number per channel of `batch`. */
export function perChannel(transform: string, argument: string, value: Fill, channels: number): number[] {
  if (typeof value === 'number') return Array.from({ length: channels }, () => value);
  if (value.length === 1) return Array.from({ length: channels }, () => value[0]!);
  if (value.length !== channels) {
    throw new Error(
      `${transform}: ${argument} has ${value.length} values but the batch has ${channels} channels`,
    );
  }
  return [...value];
}

/** The batch every float transform accepts: rank 4 NHWC, float32. */
export function floatBatch(transform: string, batch: tf.Tensor): tf.Tensor4D {
  if (batch.rank !== 4) {
    throw new Error(`${transform}: batch must be rank 4 [N, H, W, C], got shape [${batch.shape.join(', ')}]`);
  }
  if (batch.dtype !== 'float32') {
    throw new Error(`${transform}: batch must be float32, got ${batch.dtype} (apply toFloat() first)`);
  }
  return batch as tf.Tensor4D;
}
