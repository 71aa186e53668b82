import * as tf from '@tensorflow/tfjs-core';

const OWNER = 'writeExplanationPng';

/** `rgba` composited over `image` (alpha blending), as an [H, W, 3] tensor in [0, 1]. */
export function compositeOver(image: tf.Tensor, rgba: tf.Tensor): tf.Tensor3D {
  const [height, width, channels] = itemShape(image, 'image');
  const overlayShape = itemShape(rgba, 'rgba');
  if (channels !== 3 && channels !== 6) {
    throw new Error(
      `${OWNER}: image must have 3 channels or the 6-channel encoding, got shape [${image.shape}]`,
    );
  }
  if (!tf.util.arraysEqual(overlayShape, [height, width, 4])) {
    throw new Error(
      `${OWNER}: rgba must be [H, W, 4] over the image's H×W, got [${rgba.shape}] and [${image.shape}]`,
    );
  }
  return tf.tidy(() => {
    const rgb = tf.slice(tf.reshape(image, [height, width, channels]), [0, 0, 0], [-1, -1, 3]);
    const [colour, alpha] = tf.split(tf.reshape(rgba, overlayShape), [3, 1], 2) as [tf.Tensor, tf.Tensor];
    return tf.add(tf.mul(colour, alpha), tf.mul(rgb, tf.sub(1, alpha))) as tf.Tensor3D;
  });
}

/** The [H, W, C] of one image, also of a batch of one. */
function itemShape(x: tf.Tensor, argument: string): [number, number, number] {
  if (x.rank === 3) return x.shape as [number, number, number];
  if (x.rank === 4 && x.shape[0] === 1) return x.shape.slice(1) as [number, number, number];
  throw new Error(
    `${OWNER}: ${argument} must be one image [H, W, C] (or a batch of one), got shape [${x.shape}]`,
  );
}
