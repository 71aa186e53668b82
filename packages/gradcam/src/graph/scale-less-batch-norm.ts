import * as tf from '@tensorflow/tfjs-core';
import { type Layer, layerWeight } from './layer-types';

/**
 * Keras `BatchNormalization(scale=False)` (every BN of InceptionV3) calls `tf.batchNorm` without a
 * scale, and tfjs-core cannot differentiate that: its gradient saves the missing scale tensor and
 * crashes (tfjs issue 2868). Evaluated here as the same normalisation with γ = 1, which it is.
 */
export function isScaleLessBatchNorm(layer: Layer): boolean {
  return layer.getClassName() === 'BatchNormalization' && layer.getConfig().scale === false;
}

/** The inference-mode output of a scale-less batch norm layer for `x`, with γ = 1 passed explicitly. */
export function scaleLessBatchNorm(layer: Layer, x: tf.Tensor): tf.Tensor {
  const config = layer.getConfig();
  const axis = normalisedAxis(config.axis as number | number[] | undefined, x.rank);
  const shape = x.shape.map((size, i) => (i === axis ? size : 1));
  const weight = (name: string) => {
    const value = layerWeight(layer, name);
    return value && tf.reshape(value, shape);
  };
  const mean = weight('moving_mean')!;
  return tf.batchNorm(
    x,
    mean,
    weight('moving_variance')!,
    weight('beta'),
    tf.onesLike(mean),
    config.epsilon as number,
  );
}

function normalisedAxis(axis: number | number[] | undefined, rank: number): number {
  const single = Array.isArray(axis) ? axis[0] : axis;
  const value = single ?? -1;
  return value < 0 ? value + rank : value;
}
