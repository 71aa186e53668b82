import * as tf from '@tensorflow/tfjs-core';
import { type CamMethod, gradientsOf, weighChannels } from './cam-method';

/**
 * Shapley-CAM (Cai 2025): channel weights are the spatial means of g − ½·H·A, the gradient minus
 * half the Hessian-vector product of the target score with the activations. The product vanishes
 * on a piecewise-linear path to a raw logit (then it equals Grad-CAM), not for a softmax-based
 * target such as ClassifierOutputReST.
 */
export const shapleyCam: CamMethod = {
  name: 'shapleycam',
  usesGradients: true,
  alwaysProjects: false,
  weightedActivations: (context) =>
    tf.tidy(() => {
      const { activations } = context;
      const gradients = gradientsOf(context, 'shapleycam');
      const rows = Array.from({ length: activations.shape[0] }, (_, i) => i);
      const gradientOf = tf.grad((a: tf.Tensor) => tf.sum(context.scoreActivations(a as tf.Tensor4D, rows)));
      // A copy as the variable, so that the vector A stays a constant of the product.
      // The 0·Σa term keeps a path from a when the gradient does not depend on it (a linear head).
      const hvp = secondOrder(() =>
        tf.grad((a: tf.Tensor) => tf.add(tf.sum(tf.mul(gradientOf(a), activations)), tf.mul(0, tf.sum(a))))(
          tf.clone(activations),
        ),
      );
      const weights = tf.mean(tf.sub(gradients, tf.mul(0.5, hvp)), [1, 2]) as tf.Tensor2D;
      return weighChannels(activations, weights);
    }),
};

/**
 * tfjs-core has no gradient for some gradient kernels (@bcos/backend adds those of max/average pools
 * and depthwise convolutions): say which one is missing instead of its bare message.
 */
function secondOrder<T>(differentiate: () => T): T {
  try {
    return differentiate();
  } catch (error) {
    const missing = /gradient function not found for (\w+)/.exec((error as Error).message)?.[1];
    if (!missing) throw error;
    throw new Error(
      `method: ShapleyCAM differentiates the gradient after the layer, and tfjs has no gradient for ${missing} (in the model after the explained layer); explain a later layer or use another method`,
      { cause: error },
    );
  }
}
