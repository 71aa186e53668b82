import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf, spatialSum, weighChannels } from './cam-method';

/** XGrad-CAM (Fu et al. 2020): channel weights Σ g·A / ΣA, the activation-weighted gradient. */
export const xGradCam: CamMethod = {
  name: 'xgradcam',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(() => {
      const { activations } = context;
      const normalised = tf.div(activations, tf.add(spatialSum(activations), 1e-7));
      const weights = tf.sum(tf.mul(gradientsOf(context, 'xgradcam'), normalised), [1, 2]) as tf.Tensor2D;
      return weighChannels(activations, weights);
    }),
};
