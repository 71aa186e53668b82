import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf } from './cam-method';

/** HiResCAM (Draelos & Carin 2020): the element-wise product g·A, faithful to the model for a final linear head. */
export const hiResCam: CamMethod = {
  name: 'hirescam',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.mul(gradientsOf(context, 'hirescam'), context.activations) as tf.Tensor4D,
};
