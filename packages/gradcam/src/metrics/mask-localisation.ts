import * as tf from '@tensorflow/tfjs-core';
import { checkTensor } from './check-maps';

/**
 * Per image, the share of positive attribution ([N, H, W]) that lies inside the ground-truth mask
 * ([N, H, W], 1 inside, 0 outside; fractional values weigh pixels): Σ relu(a)·m / Σ relu(a), 0 for
 * a map without positive attribution.
 */
export async function maskLocalisation(attributions: tf.Tensor3D, masks: tf.Tensor3D): Promise<number[]> {
  checkTensor('maskLocalisation', 'attributions', attributions);
  checkTensor('maskLocalisation', 'masks', masks);
  if (
    attributions.rank !== 3 ||
    masks.rank !== 3 ||
    !attributions.shape.every((d, i) => d === masks.shape[i])
  ) {
    throw new Error(
      `maskLocalisation: attributions [${attributions.shape}] and masks [${masks.shape}] must both be [N, H, W] of one shape`,
    );
  }
  const sums = tf.tidy(() => {
    const positive = tf.relu(attributions);
    return tf.stack(
      [tf.sum(tf.mul(positive, tf.cast(masks, 'float32')), [1, 2]), tf.sum(positive, [1, 2])],
      1,
    );
  });
  const values = await sums.data();
  sums.dispose();
  return Array.from({ length: attributions.shape[0] }, (_, i) => {
    const inside = values[2 * i]!;
    const total = values[2 * i + 1]!;
    return total > 0 ? inside / total : 0;
  });
}
