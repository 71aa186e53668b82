import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf, spatialSum, weighChannels } from './cam-method';

/**
 * Grad-CAM++ (Chattopadhyay et al. 2018, eq. 19 with exp scores): α = g² / (2g² + ΣA·g³), zero
 * where the gradient is; channel weights Σ α·relu(g).
 */
export const gradCamPlusPlus: CamMethod = {
  name: 'gradcam++',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(() => {
      const gradients = gradientsOf(context, 'gradcam++');
      const squared = tf.square(gradients);
      const cubed = tf.mul(squared, gradients);
      const denominator = tf.add(
        tf.add(tf.mul(2, squared), tf.mul(spatialSum(context.activations), cubed)),
        1e-6,
      );
      const alpha = tf.where(
        tf.notEqual(gradients, 0),
        tf.div(squared, denominator),
        tf.zerosLike(gradients),
      );
      const weights = tf.sum(tf.mul(tf.relu(gradients), alpha), [1, 2]) as tf.Tensor2D;
      return weighChannels(context.activations, weights);
    }),
};
