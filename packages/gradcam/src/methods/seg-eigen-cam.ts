import * as tf from '@tensorflow/tfjs-core';
import { projectOnFirstComponent } from '../eigen/project-batch';
import { type CamMethod, gradientsOf } from './cam-method';

/**
 * Seg-Eigen-CAM (Chung & Ying 2025): the first principal component of |g|·A, its sign fixed so
 * that the larger extreme is positive (flipped when |min| > |max|).
 */
export const segEigenCam: CamMethod = {
  name: 'segeigencam',
  usesGradients: true,
  alwaysProjects: true,
  weightedActivations: (context) =>
    tf.tidy(() => tf.mul(tf.abs(gradientsOf(context, 'segeigencam')), context.activations) as tf.Tensor4D),
  async layerCam(context) {
    const weighted = this.weightedActivations(context) as tf.Tensor4D;
    const projected = await projectOnFirstComponent(weighted);
    weighted.dispose();
    const corrected = tf.tidy(() => {
      const flip = tf.greater(
        tf.abs(tf.min(projected, [1, 2], true)),
        tf.abs(tf.max(projected, [1, 2], true)),
      );
      return tf.where(tf.broadcastTo(flip, projected.shape), tf.neg(projected), projected) as tf.Tensor3D;
    });
    projected.dispose();
    return corrected;
  },
};
