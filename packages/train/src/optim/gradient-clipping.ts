import type * as tf from '@tensorflow/tfjs-core';
import { type AdaptiveClipOptions, adaptiveClip } from './adaptive-clip';
import { clipByGlobalNorm } from './clip-global-norm';

export type ClipConfig = { kind: 'norm'; maxNorm: number } | ({ kind: 'agc' } & AdaptiveClipOptions);

export function validateClip(clip: ClipConfig): void {
  if (clip.kind === 'norm') {
    if (!(clip.maxNorm > 0)) throw new Error(`clip: maxNorm must be > 0, got ${clip.maxNorm}`);
  } else if (clip.kind === 'agc') {
    if (!(clip.clipFactor > 0)) throw new Error(`clip: clipFactor must be > 0, got ${clip.clipFactor}`);
    if (clip.eps !== undefined && !(clip.eps > 0)) throw new Error(`clip: eps must be > 0, got ${clip.eps}`);
  } else {
    throw new Error(`clip: kind must be 'norm' or 'agc', got '${(clip as { kind: unknown }).kind}'`);
  }
}

/** The clipped gradients (new tensors; the caller disposes both sets). */
export function clipGradients(gradients: tf.NamedTensorMap, clip: ClipConfig): tf.NamedTensorMap {
  return clip.kind === 'norm' ? clipByGlobalNorm(gradients, clip.maxNorm) : adaptiveClip(gradients, clip);
}
