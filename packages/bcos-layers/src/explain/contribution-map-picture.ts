import * as tf from '@tensorflow/tfjs-core';
import { asBatch, likeInput } from './batched';
import { rowPercentile } from './percentile';

export interface ContributionPictureOptions {
  /** |contributions| above this percentile are clipped; the colour range is ± the clipped maximum. Default 99.5. */
  percentile?: number;
}

const OWNER = 'contributionMapPicture';

/**
 * A contribution map ([H, W] or [N, H, W]) as RGBA in [0, 1] (B-cos v2 `plot_contribution_map`):
 * matplotlib's diverging 'bwr' colour map over a symmetric range, blue negative, white zero, red
 * positive. Alpha is the magnitude |c|/range, so that composited over the image, pixels that
 * contribute nothing show the image.
 */
export function contributionMapPicture(
  contributions: tf.Tensor,
  { percentile = 99.5 }: ContributionPictureOptions = {},
): tf.Tensor {
  return tf.tidy(() => {
    const maps = asBatch(OWNER, 'contributions', contributions, 2, '[H, W]') as tf.Tensor3D;
    const [n, h, w] = maps.shape;
    const magnitudes = tf.reshape(tf.abs(maps), [n, h * w]) as tf.Tensor2D;
    const cutoff = tf.reshape(rowPercentile(magnitudes, percentile, OWNER), [n, 1, 1]);
    const clipped = tf.minimum(tf.maximum(maps, tf.neg(cutoff)), cutoff);
    const range = tf.maximum(tf.max(tf.abs(clipped), [1, 2], true), 1e-30);
    return likeInput(blueWhiteRed(tf.div(clipped, range)), contributions, 2);
  });
}

/** 'bwr' at t ∈ [−1, 1]: (min(1, 1+t), 1−|t|, min(1, 1−t)), alpha |t|. */
function blueWhiteRed(t: tf.Tensor): tf.Tensor {
  const magnitude = tf.abs(t);
  const red = tf.minimum(tf.add(t, 1), 1);
  const green = tf.sub(1, magnitude);
  const blue = tf.minimum(tf.sub(1, t), 1);
  return tf.stack([red, green, blue, magnitude], -1);
}
