import { probability } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { floatTransform, type Transform } from '../transform';

export interface FlipOptions {
  /** Probability that an image is flipped, drawn per image (default 0.5). */
  p?: number;
}

/** Mirrors each image left–right with probability p (torchvision RandomHorizontalFlip, albumentations HorizontalFlip). */
export function horizontalFlip(options: FlipOptions = {}): Transform {
  return randomFlip('HorizontalFlip', 'horizontal', options);
}

/** Mirrors each image top–bottom with probability p. */
export function verticalFlip(options: FlipOptions = {}): Transform {
  return randomFlip('VerticalFlip', 'vertical', options);
}

function randomFlip(name: string, direction: FlipDirection, options: FlipOptions): Transform {
  const p = probability(name, 'p', options.p ?? 0.5);
  return floatTransform(name, { p }, (batch, rng) => {
    const flips = Array.from({ length: batch.shape[0] }, () => rng.bernoulli(p));
    return flipBatch(batch, flips, direction);
  });
}

export type FlipDirection = 'horizontal' | 'vertical';

/** Flips the images whose entry in `flips` is true; the others pass unchanged. */
export function flipBatch(
  batch: tf.Tensor4D,
  flips: readonly boolean[],
  direction: FlipDirection,
): tf.Tensor4D {
  const n = batch.shape[0];
  if (flips.length !== n) throw new Error(`flipBatch: need one flag per image (${n}), got ${flips.length}`);
  return tf.tidy(() => {
    // Image i of [batch, flipped] is the original, image n + i its mirror: one gather picks per image.
    const both = tf.concat([batch, tf.reverse(batch, direction === 'horizontal' ? 2 : 1)], 0);
    return tf.gather(
      both,
      tf.tensor1d(
        flips.map((flip, i) => (flip ? n + i : i)),
        'int32',
      ),
    );
  });
}
