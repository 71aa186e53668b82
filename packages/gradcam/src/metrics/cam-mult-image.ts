import * as tf from '@tensorflow/tfjs-core';
import type { CamTargets } from '../targets/targets';
import { checkMaps } from './check-maps';
import { type Classifier, targetScores } from './classifier';

export interface ConfidenceChange {
  /** Per image: target score of image·cam minus that of the image. */
  change: number[];
  /** max(−change, 0): how much the score drops (pytorch-grad-cam's DropInConfidence). */
  drop: number[];
  /** 1 where the score rises, else 0 (IncreaseInConfidence). */
  increase: number[];
}

/**
 * pytorch-grad-cam's CamMultImageConfidenceChange: multiply each image ([N, H, W, C]) by its map
 * ([N, H, W], e.g. CAMs in [0, 1]) and compare the target scores. A faithful map keeps what the
 * model needs, so the score should not drop.
 */
export async function camMultImageConfidenceChange(
  classifier: Classifier,
  images: tf.Tensor4D,
  cams: tf.Tensor3D,
  { targets }: { targets?: CamTargets } = {},
): Promise<ConfidenceChange> {
  checkMaps('camMultImageConfidenceChange', 'cams', images, cams);
  const scores = await targetScores(classifier, images, targets);
  const masked = tf.tidy(() => tf.mul(images, tf.expandDims(cams, 3)) as tf.Tensor4D);
  const after = await scores.of(masked);
  masked.dispose();
  const change = Array.from(after, (score, i) => score - scores.original[i]!);
  return { change, drop: change.map((c) => Math.max(-c, 0)), increase: change.map((c) => (c > 0 ? 1 : 0)) };
}
