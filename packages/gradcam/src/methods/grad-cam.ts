import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf, weighChannels } from './cam-method';

/** Grad-CAM (Selvaraju et al. 2017): channel weights are the spatially averaged gradients. */
export const gradCam: CamMethod = {
  name: 'gradcam',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(() =>
      weighChannels(context.activations, tf.mean(gradientsOf(context, 'gradcam'), [1, 2]) as tf.Tensor2D),
    ),
};
