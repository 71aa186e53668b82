import * as tf from '@tensorflow/tfjs-core';

/**
 * pytorch-grad-cam's post-processing, per image: ReLU, min–max scaling (x − min) / (1e-7 + max),
 * bilinear resize to the input size (half-pixel centres, as cv2.resize), then ReLU and min–max
 * scaling again (its multi-layer aggregation step, which rescales after the resize).
 */
export function scaleCams(raw: tf.Tensor3D, size: readonly [number, number]): tf.Tensor3D {
  return tf.tidy(() => minMaxPerImage(tf.relu(layerCamsAtInputSize(raw, size))));
}

/** One layer's share of a multi-layer CAM: ReLU, min–max scaling, then the resize to the input size. */
export function layerCamsAtInputSize(
  raw: tf.Tensor3D,
  [height, width]: readonly [number, number],
): tf.Tensor3D {
  return tf.tidy(() => {
    const scaled = minMaxPerImage(tf.relu(raw));
    const [, h, w] = raw.shape;
    if (h === height && w === width) return scaled;
    const resized = tf.image.resizeBilinear(
      tf.expandDims(scaled, 3) as tf.Tensor4D,
      [height, width],
      false,
      true,
    );
    return tf.squeeze(resized, [3]) as tf.Tensor3D;
  });
}

/** Per image, (x − min) / (1e-7 + max(x − min)) (pytorch-grad-cam's scale_cam_image without the resize). */
export function minMaxPerImage(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.min(x, [1, 2], true));
    return tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), 1e-7)) as tf.Tensor3D;
  });
}
