import { argumentError } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { floatTransform, type Transform } from '../transform';
import { type Fill, perChannel } from '../validate';

export interface NormalizeOptions {
  /** Per channel, or one number for all. */
  mean: Fill;
  /** Per channel, or one number for all; every value > 0. */
  std: Fill;
}

/** torchvision's ImageNet statistics, which its pretrained models expect. */
export const IMAGENET_NORMALIZATION = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** (image − mean) / std per channel, as torchvision's Normalize. */
export function normalize(options: NormalizeOptions): Transform {
  const name = 'Normalize';
  const mean = channelValues(name, 'mean', options.mean, (v) => Number.isFinite(v), 'finite numbers');
  const std = channelValues(name, 'std', options.std, (v) => Number.isFinite(v) && v > 0, 'numbers > 0');
  return floatTransform(name, { mean, std }, (batch) => {
    const channels = batch.shape[3];
    const shift = tf.tensor1d(perChannel(name, 'mean', mean, channels));
    const scale = tf.tensor1d(perChannel(name, 'std', std, channels));
    return tf.div(tf.sub(batch, shift), scale);
  });
}

function channelValues(
  name: string,
  argument: string,
  value: unknown,
  accept: (v: number) => boolean,
  expectation: string,
): Fill {
  const values = typeof value === 'number' ? [value] : value;
  const valid =
    Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'number' && accept(v));
  if (!valid) throw argumentError(name, argument, `${expectation}, one or one per channel`, value);
  return value as Fill;
}
