import * as tf from '@tensorflow/tfjs-core';
import { asBatch, likeInput } from './batched';
import { rowPercentile } from './percentile';
import { windowMean } from './window-mean';

export interface RgbaOptions {
  /** Window (odd, stride 1) over which alpha is averaged; 0 or 1: none. Default 15. */
  smooth?: number;
  /** Alpha is divided by this percentile of itself, then clipped to [0, 1]. Default 99.5. */
  alphaPercentile?: number;
}

const OWNER = 'explanationToRgba';

/**
 * B-cos colouring of dynamic linear weights (B-cos v2 `gradient_to_image`): per pixel the 6-vector
 * W is divided by its largest |entry| and clamped at 0; rgb = w[:3]/(w[:3] + w[3:] + 1e-12) is the
 * colour the weights align with; alpha is ‖W‖, nearly 0 where the contribution x·W is negative,
 * averaged over a window and scaled by a percentile. `image6` and `weights` are [H, W, 6] or
 * [N, H, W, 6]; the result is [.., 4] in [0, 1], each image scaled by its own percentile.
 */
export function explanationToRgba(
  image6: tf.Tensor,
  weights: tf.Tensor,
  options: RgbaOptions = {},
): tf.Tensor {
  const smooth = options.smooth ?? 15;
  const percent = options.alphaPercentile ?? 99.5;
  if (!Number.isInteger(smooth) || smooth < 0 || (smooth > 1 && smooth % 2 === 0)) {
    throw new Error(`${OWNER}: smooth must be 0 or an odd positive integer, got ${smooth}`);
  }
  if (!tf.util.arraysEqual(image6.shape, weights.shape) || image6.shape[image6.rank - 1] !== 6) {
    throw new Error(
      `${OWNER}: image6 and weights must both be [.., H, W, 6], got [${image6.shape}] and [${weights.shape}]`,
    );
  }
  return tf.tidy(() => {
    const images = asBatch(OWNER, 'image6', image6, 3, '[H, W, 6]') as tf.Tensor4D;
    const linear = asBatch(OWNER, 'weights', weights, 3, '[H, W, 6]') as tf.Tensor4D;
    return likeInput(rgbaOfBatch(images, linear, smooth, percent), image6, 3);
  });
}

function rgbaOfBatch(
  image6: tf.Tensor4D,
  weights: tf.Tensor4D,
  smooth: number,
  percent: number,
): tf.Tensor4D {
  const rgb = alignedColour(weights);
  const alpha = scaledAlpha(windowMean(positiveAlpha(image6, weights), smooth), percent);
  return tf.concat([rgb, alpha], 3);
}

function alignedColour(weights: tf.Tensor4D): tf.Tensor4D {
  const largest = tf.add(tf.max(tf.abs(weights), 3, true), 1e-12);
  const clamped = tf.relu(tf.div(weights, largest));
  const [colour, inverse] = tf.split(clamped, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
  return tf.div(colour, tf.add(tf.add(colour, inverse), 1e-12)) as tf.Tensor4D;
}

/** ‖W‖ per pixel, 1e-12 where the pixel's contribution is negative. */
function positiveAlpha(image6: tf.Tensor4D, weights: tf.Tensor4D): tf.Tensor4D {
  const contribution = tf.sum(tf.mul(image6, weights), 3, true);
  const strength = tf.sqrt(tf.sum(tf.square(weights), 3, true));
  return tf.where(tf.less(contribution, 0), tf.scalar(1e-12), strength) as tf.Tensor4D;
}

function scaledAlpha(alpha: tf.Tensor4D, percent: number): tf.Tensor4D {
  const [n, h, w] = alpha.shape;
  const cutoff = rowPercentile(tf.reshape(alpha, [n, h * w]), percent, OWNER);
  // A map that is zero everywhere stays zero instead of 0/0.
  const divisor = tf.reshape(tf.maximum(cutoff, 1e-30), [n, 1, 1, 1]);
  return tf.clipByValue(tf.div(alpha, divisor), 0, 1) as tf.Tensor4D;
}
