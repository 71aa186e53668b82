import * as tf from '@tensorflow/tfjs-core';

/**
 * Sets the pixels inside per-image boxes to `fill`. `boxes` holds `boxesPerImage` boxes per image,
 * each [top, left, bottom, right) with exclusive ends; an empty box (bottom <= top) erases nothing.
 * The mask is a batched matMul of per-box row and column ranges, so no pixel is visited on the host.
 */
export function eraseBoxes(
  batch: tf.Tensor4D,
  boxes: ArrayLike<number>,
  boxesPerImage: number,
  fill: readonly number[],
): tf.Tensor4D {
  const [n, height, width] = batch.shape;
  if (boxes.length !== 4 * n * boxesPerImage) {
    throw new Error(
      `eraseBoxes: need ${4 * n * boxesPerImage} numbers (${boxesPerImage} boxes × ${n} images × 4), got ${boxes.length}`,
    );
  }
  if (boxesPerImage === 0) return tf.clone(batch);
  return tf.tidy(() => {
    const k = boxesPerImage;
    const side = (offset: number, shape: [number, number, number]) =>
      tf.tensor3d(
        Float32Array.from({ length: n * k }, (_, i) => boxes[4 * i + offset]!),
        shape,
      );
    const rows = tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1]);
    const columns = tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width]);
    const inRows = between(rows, side(0, [n, 1, k]), side(2, [n, 1, k]));
    const inColumns = between(columns, side(1, [n, k, 1]), side(3, [n, k, 1]));
    // [N, H, boxes] · [N, boxes, W]: how many boxes cover each pixel.
    const erased = tf.expandDims(tf.minimum(tf.matMul(inRows, inColumns), 1), -1);
    // Exact for erased ∈ {0, 1}: image·1 + fill·0 and image·0 + fill·1.
    return tf.add(tf.mul(batch, tf.sub(1, erased)), tf.mul(erased, tf.tensor1d(fill as number[], 'float32')));
  });
}

/** 1 where start <= position < end, else 0. */
function between(position: tf.Tensor, start: tf.Tensor, end: tf.Tensor): tf.Tensor3D {
  return tf.cast(
    tf.logicalAnd(tf.greaterEqual(position, start), tf.less(position, end)),
    'float32',
  ) as tf.Tensor3D;
}
