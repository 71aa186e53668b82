import * as tf from '@tensorflow/tfjs-core';
import { type CamContext, type CamMethod, weighChannels } from './cam-method';

/**
 * Score-CAM (Wang et al. 2020): every channel, upsampled to the input and min–max scaled, masks the
 * image; the target scores of the masked images, softmaxed over channels, are the channel weights.
 * N·K masked images run through the model in batches of `batchSize`.
 */
export const scoreCam: CamMethod = {
  name: 'scorecam',
  usesGradients: false,
  alwaysProjects: false,
  async weightedActivations(context) {
    const scores = await maskedImageScores(context);
    const weights = tf.tidy(() => tf.softmax(scores) as tf.Tensor2D);
    scores.dispose();
    const weighted = weighChannels(context.activations, weights);
    weights.dispose();
    return weighted;
  },
};

/** [N, K]: the target score of image n masked by its channel k. */
async function maskedImageScores(context: CamContext): Promise<tf.Tensor2D> {
  const [n, h, w, k] = context.activations.shape;
  const channelMaps = tf.tidy(
    () => tf.reshape(tf.transpose(context.activations, [0, 3, 1, 2]), [n * k, h, w, 1]) as tf.Tensor4D,
  );
  const scores: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < n * k; start += context.batchSize) {
      const rows = Math.min(context.batchSize, n * k - start);
      const imageOfRow = Array.from({ length: rows }, (_, i) => Math.floor((start + i) / k));
      const masked = maskImages(
        context.images,
        tf.slice(channelMaps, [start, 0, 0, 0], [rows, h, w, 1]) as tf.Tensor4D,
        imageOfRow,
      );
      scores.push(await context.scoreInputs(masked, imageOfRow));
      masked.dispose();
      context.onProgress?.(start + rows, n * k);
    }
    return tf.tidy(() => tf.reshape(tf.concat(scores), [n, k]) as tf.Tensor2D);
  } finally {
    tf.dispose([channelMaps, ...scores]);
  }
}

/**
 * Images multiplied by channel maps upsampled as torch's UpsamplingBilinear2d (corners aligned)
 * and scaled to [0, 1] per map. Disposes `maps`.
 */
function maskImages(images: tf.Tensor4D, maps: tf.Tensor4D, imageOfRow: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = images.shape;
    const upsampled = tf.image.resizeBilinear(maps, [height, width], true);
    maps.dispose();
    const low = tf.min(upsampled, [1, 2, 3], true);
    const high = tf.max(upsampled, [1, 2, 3], true);
    const masks = tf.div(tf.sub(upsampled, low), tf.add(tf.sub(high, low), 1e-8));
    return tf.mul(tf.gather(images, tf.tensor1d(imageOfRow, 'int32')), masks) as tf.Tensor4D;
  });
}
