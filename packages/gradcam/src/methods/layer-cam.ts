import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf } from './cam-method';

/** LayerCAM (Jiang et al. 2021): every activation weighted by its own positive gradient, relu(g)·A. */
export const layerCam: CamMethod = {
  name: 'layercam',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(() => tf.mul(tf.relu(gradientsOf(context, 'layercam')), context.activations) as tf.Tensor4D),
};
