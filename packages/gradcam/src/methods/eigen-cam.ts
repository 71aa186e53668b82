import * as tf from '@tensorflow/tfjs-core';
import type { CamMethod } from './cam-method';

/** Eigen-CAM (Muhammad & Yeasin 2020): the first principal component of the activations; class-agnostic, no gradients. */
export const eigenCam: CamMethod = {
  name: 'eigencam',
  usesGradients: false,
  alwaysProjects: true,
  weightedActivations: (context) => tf.clone(context.activations),
};
