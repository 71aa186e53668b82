import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from '../model/as-cam-model';
import type { CamModel } from '../model/cam-model';

/** Images must be a live float tensor [N, H, W, C] of the size the model takes. */
export function checkImages(model: CamModel, images: unknown): asserts images is tf.Tensor4D {
  const expected = model.inputShape;
  const described = `[N, ${expected
    .slice(1)
    .map((d) => d ?? '?')
    .join(', ')}]`;
  if (!(images instanceof tf.Tensor)) {
    throw new Error(
      `images: expected a tf.Tensor4D ${described} for model '${model.name}', got ${describeValue(images)}`,
    );
  }
  if (images.isDisposed) throw new Error('images: the tensor has been disposed');
  if (images.rank !== 4) {
    throw new Error(
      `images: expected a batch ${described} for model '${model.name}', got shape [${images.shape}]`,
    );
  }
  if (images.dtype !== 'float32') throw new Error(`images: expected float32, got ${images.dtype}`);
  if (images.shape[0] === 0) throw new Error('images: the batch is empty');
  images.shape.forEach((size: number, axis: number) => {
    const want = expected[axis];
    if (axis > 0 && want != null && want !== size) {
      throw new Error(`images: expected ${described} for model '${model.name}', got shape [${images.shape}]`);
    }
  });
}

/** NaN or infinite pixels would give NaN maps; one sum finds either. */
export async function checkFinite(images: tf.Tensor4D): Promise<void> {
  const total = tf.sum(images);
  const [value] = await total.data();
  total.dispose();
  if (!Number.isFinite(value)) throw new Error('images: contain NaN or infinite values');
}
