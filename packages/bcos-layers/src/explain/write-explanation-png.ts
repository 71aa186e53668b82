import { tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import type * as tf from '@tensorflow/tfjs-core';
import { compositeOver } from './composite-over';

/**
 * Writes an explanation (from `explanationToRgba` / `explain`) or a contribution-map picture
 * composited over the image (in [0, 1]; 3 channels or the 6-channel encoding) as an RGB PNG.
 */
export async function writeExplanationPng(path: string, image: tf.Tensor, rgba: tf.Tensor): Promise<void> {
  const composite = compositeOver(image, rgba);
  try {
    await writePng(path, await tensorToImage(composite));
  } finally {
    composite.dispose();
  }
}
