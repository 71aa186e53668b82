import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf } from './cam-method';

/** Eigen-Grad-CAM (pytorch-grad-cam): the first principal component of g·A, class-discriminative like Grad-CAM. */
export const eigenGradCam: CamMethod = {
  name: 'eigengradcam',
  usesGradients: true,
  alwaysProjects: true,
  weightedActivations: (context) =>
    tf.mul(gradientsOf(context, 'eigengradcam'), context.activations) as tf.Tensor4D,
};
