import * as tf from '@tensorflow/tfjs-core';
import { kernelPcaProjection } from '../eigen/kernel-pca-projection';
import type { CamMethod } from './cam-method';

/**
 * KPCA-CAM (Karmani et al. 2024): like Eigen-CAM, with kernel PCA (sigmoid kernel, γ = 1/K,
 * c₀ = 1, sklearn's defaults) in place of PCA; class-agnostic, no gradients. Host float64.
 */
export const kpcaCam: CamMethod = {
  name: 'kpcacam',
  usesGradients: false,
  alwaysProjects: true,
  weightedActivations: ({ activations }) => tf.clone(activations),
  async layerCam({ activations }) {
    const [n, h, w, k] = activations.shape;
    const values = await activations.data();
    const pixels = h * w;
    const maps = new Float32Array(n * pixels);
    for (let image = 0; image < n; image++) {
      const start = image * pixels * k;
      maps.set(kernelPcaProjection(values.subarray(start, start + pixels * k), pixels, k), image * pixels);
    }
    return tf.tensor3d(maps, [n, h, w]);
  },
};
