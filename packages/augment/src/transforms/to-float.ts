import { argumentError } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type Transform, transform } from '../transform';

export interface ToFloatOptions {
  /** The value that becomes 1 (default 255). */
  maxValue?: number;
}

/**
 * albumentations' ToFloat: int32 batches holding 0..255 (tfjs has no uint8) become float32 in
 * [0, 1]. Float32 batches are divided by maxValue too.
 */
export function toFloat(options: ToFloatOptions = {}): Transform {
  const name = 'ToFloat';
  const maxValue = options.maxValue ?? 255;
  if (!(Number.isFinite(maxValue) && maxValue > 0))
    throw argumentError(name, 'maxValue', 'a number > 0', maxValue);
  return transform(name, { maxValue }, (batch) => {
    if (batch.rank !== 4)
      throw new Error(`${name}: batch must be rank 4 [N, H, W, C], got shape [${batch.shape.join(', ')}]`);
    if (batch.dtype !== 'int32' && batch.dtype !== 'float32') {
      throw new Error(`${name}: batch must be int32 or float32, got ${batch.dtype}`);
    }
    return tf.div(tf.cast(batch, 'float32'), maxValue);
  });
}
