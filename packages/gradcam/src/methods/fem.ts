import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, weighChannels } from './cam-method';

/** FEM's k of its k-sigma rule (pytorch-grad-cam's default). */
const K = 2;

/**
 * FEM, the Feature Explanation Method (Fuad et al. 2020): a channel's weight is the share of its
 * pixels above mean + k·std of that channel (population std, k = 2); class-agnostic, no gradients.
 */
export const fem: CamMethod = {
  name: 'fem',
  usesGradients: false,
  alwaysProjects: false,
  weightedActivations: ({ activations }) =>
    tf.tidy(() => {
      const { mean, variance } = tf.moments(activations, [1, 2], true);
      const threshold = tf.add(mean, tf.mul(K, tf.sqrt(variance)));
      // step(A − th) rather than a cast of A > th: webgpu's bool-to-float cast of this shape fails to compile.
      const weights = tf.mean(tf.step(tf.sub(activations, threshold)), [1, 2]) as tf.Tensor2D;
      return weighChannels(activations, weights);
    }),
};
