import * as tf from '@tensorflow/tfjs-core';
import { type CamContext, type CamMethod, weighChannels } from './cam-method';

/**
 * Ablation-CAM (Desai & Ramaswamy 2020): a channel's weight is the relative drop of the target
 * score when that channel of the layer's output is replaced, (s − s_k) / s. As pytorch-grad-cam's
 * AblationLayer, the ablated channel takes the value 0 when the layer's output is never negative
 * (a ReLU output), else a large negative value (−1e7). N·K ablated copies run in batches.
 */
export const ablationCam: CamMethod = {
  name: 'ablationcam',
  usesGradients: false,
  alwaysProjects: false,
  async weightedActivations(context) {
    const original = context.scoreActivations(context.activations, imageRows(context.activations.shape[0]));
    const ablated = await ablatedScores(context);
    const weights = tf.tidy(() => {
      const s = tf.expandDims(original, 1);
      return tf.div(tf.sub(s, ablated), s) as tf.Tensor2D;
    });
    tf.dispose([original, ablated]);
    const weighted = weighChannels(context.activations, weights);
    weights.dispose();
    return weighted;
  },
};

function imageRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** [N, K]: the target score of image n with channel k ablated. */
async function ablatedScores(context: CamContext): Promise<tf.Tensor2D> {
  const { activations, batchSize } = context;
  const [n, , , k] = activations.shape;
  const minimum = tf.min(activations);
  const value = ((await minimum.data())[0] ?? 0) >= 0 ? 0 : -1e7;
  minimum.dispose();
  const scores: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < n * k; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, n * k - start) }, (_, i) => start + i);
      scores.push(
        tf.tidy(() =>
          context.scoreActivations(
            ablate(activations, rows, value),
            rows.map((row) => Math.floor(row / k)),
          ),
        ),
      );
      context.onProgress?.(start + rows.length, n * k);
    }
    return tf.tidy(() => tf.reshape(tf.concat(scores), [n, k]) as tf.Tensor2D);
  } finally {
    tf.dispose(scores);
  }
}

/** Copies of the activations, row r = image ⌊r / K⌋ with channel r mod K set to `value`. */
function ablate(activations: tf.Tensor4D, rows: readonly number[], value: number): tf.Tensor4D {
  const k = activations.shape[3];
  const copies = tf.gather(
    activations,
    tf.tensor1d(
      rows.map((row) => Math.floor(row / k)),
      'int32',
    ),
  );
  const mask = tf.reshape(
    tf.oneHot(
      tf.tensor1d(
        rows.map((row) => row % k),
        'int32',
      ),
      k,
    ),
    [rows.length, 1, 1, k],
  );
  return tf.where(tf.cast(mask, 'bool'), tf.fill(copies.shape, value), copies) as tf.Tensor4D;
}
