import * as tf from '@tensorflow/tfjs-core';

/** Per image: whether the map's maximum lies inside the mask (the pointing game of Zhang et al.). */
export async function pointingGameHits(maps: tf.Tensor3D, masks: tf.Tensor3D): Promise<boolean[]> {
  const [n, h, w] = maps.shape;
  const inside = tf.tidy(() => {
    const peaks = tf.argMax(tf.reshape(maps, [n, h * w]), 1);
    const flatMasks = tf.reshape(tf.cast(masks, 'float32'), [n, h * w]);
    return tf.sum(tf.mul(flatMasks, tf.oneHot(peaks, h * w)), 1);
  });
  const values = await inside.data();
  inside.dispose();
  return Array.from(values, (v) => v > 0.5);
}

/** Per image: the share of the mask in the image, what a map spread evenly would score. */
export async function maskAreas(masks: tf.Tensor3D): Promise<number[]> {
  const areas = tf.tidy(() => tf.mean(tf.cast(masks, 'float32'), [1, 2]));
  const values = await areas.data();
  areas.dispose();
  return Array.from(values);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : Number.NaN;
}
