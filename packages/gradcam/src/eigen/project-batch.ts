import * as tf from '@tensorflow/tfjs-core';
import { principalProjection } from './principal-projection';

/** [N, h, w, K] → [N, h, w]: per image, the projection on the first principal component of its channels (host, float64). */
export async function projectOnFirstComponent(weighted: tf.Tensor4D): Promise<tf.Tensor3D> {
  const [n, h, w, k] = weighted.shape;
  const values = await weighted.data();
  const pixels = h * w;
  const projections = new Float32Array(n * pixels);
  for (let image = 0; image < n; image++) {
    const start = image * pixels * k;
    projections.set(
      principalProjection(values.subarray(start, start + pixels * k), pixels, k),
      image * pixels,
    );
  }
  return tf.tensor3d(projections, [n, h, w]);
}
