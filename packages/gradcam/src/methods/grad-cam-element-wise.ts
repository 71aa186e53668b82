import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf } from './cam-method';

/** Element-wise Grad-CAM (pytorch-grad-cam): relu(g·A), only positive contributions summed. */
export const gradCamElementWise: CamMethod = {
  name: 'gradcam-elementwise',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(
      () => tf.relu(tf.mul(gradientsOf(context, 'gradcam-elementwise'), context.activations)) as tf.Tensor4D,
    ),
};
