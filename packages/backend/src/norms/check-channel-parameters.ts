import type * as tf from '@tensorflow/tfjs-core';

/** γ and β of a norm over `channels` channels, each absent or `channels` float32 values. */
export function checkChannelParameters(
  where: string,
  channels: number,
  parameters: { gamma?: tf.Tensor; beta?: tf.Tensor },
): void {
  for (const [name, p] of Object.entries(parameters))
    if (p && (p.size !== channels || p.dtype !== 'float32'))
      throw new Error(`${where}: ${name} must be ${channels} float32 values, got ${p.dtype} [${p.shape}]`);
}
