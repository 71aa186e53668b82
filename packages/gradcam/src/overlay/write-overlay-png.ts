import { tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import type * as tf from '@tensorflow/tfjs-core';
import { type OverlayOptions, overlay } from './overlay';

/** Writes `overlay(image, cam, options)` as an 8-bit RGB PNG (atomically). */
export async function writeOverlayPng(
  path: string,
  image: tf.Tensor3D,
  cam: tf.Tensor2D,
  options: OverlayOptions = {},
): Promise<void> {
  const blended = overlay(image, cam, options);
  try {
    await writePng(path, await tensorToImage(blended));
  } finally {
    blended.dispose();
  }
}
