import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Images must be a float batch [N, H, W, C] of the size the model takes. */
export function checkImages(model: LayersModel, images: tf.Tensor): asserts images is tf.Tensor4D {
  const expected = model.inputs[0]!.shape;
  const described = `[N, ${expected
    .slice(1)
    .map((d) => d ?? '?')
    .join(', ')}]`;
  if (images.rank !== 4) {
    throw new Error(
      `images: expected a batch ${described} for model '${model.name}', got shape [${images.shape}]`,
    );
  }
  if (images.dtype !== 'float32') throw new Error(`images: expected float32, got ${images.dtype}`);
  if (images.shape[0] === 0) throw new Error('images: the batch is empty');
  images.shape.forEach((size, axis) => {
    const want = expected[axis];
    if (axis > 0 && want != null && want !== size) {
      throw new Error(`images: expected ${described} for model '${model.name}', got shape [${images.shape}]`);
    }
  });
}
