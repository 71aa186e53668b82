import * as tf from '@tensorflow/tfjs-core';
import type { CamTargets } from '../targets/targets';
import { checkMaps } from './check-maps';
import type { Classifier } from './classifier';
import { roadScores } from './road';

export interface ArccOptions {
  /** Default: the predicted class of each image. */
  targets?: CamTargets;
  /** ROAD's percentiles. Default 20, 40, 60, 80 (pytorch-grad-cam's ARCC). */
  percentiles?: readonly number[];
  /** Std of ROAD's imputation noise. Default 0.01. */
  noise?: number;
  /** Seed of that noise. Default 0. */
  seed?: number;
}

export interface ArccScores {
  /** Per image, the harmonic mean of coherency, 1 − complexity and the scaled ROAD score. */
  arcc: number[];
  /** Mean |cam|: 0 for an empty map, 1 for a full one. */
  complexity: number[];
  /** (Pearson(CAM of image·cam, cam) + 1) / 2. */
  coherency: number[];
  /** clip(2·ROADCombined, 0, 1). */
  roadScaled: number[];
}

/**
 * ARCC (pytorch-grad-cam's ARCC, after Rong et al.'s ROAD and Wen et al.'s complexity/coherency):
 * a map is good when it is simple, when the method finds it again on the image masked by it
 * (`explainer`, the method that made `cams`), and when it passes ROAD.
 */
export async function arcc(
  classifier: Classifier,
  images: tf.Tensor4D,
  cams: tf.Tensor3D,
  explainer: (images: tf.Tensor4D) => Promise<tf.Tensor3D>,
  { targets, percentiles = [20, 40, 60, 80], noise, seed }: ArccOptions = {},
): Promise<ArccScores> {
  checkMaps('arcc', 'cams', images, cams);
  const complexity = await perImage(tf.tidy(() => tf.mean(tf.abs(cams), [1, 2])));
  const masked = tf.tidy(() => tf.mul(images, tf.expandDims(cams, 3)) as tf.Tensor4D);
  const again = await explainer(masked).finally(() => masked.dispose());
  const pearson = await perImage(tf.tidy(() => pearsonPerImage(again, cams))).finally(() => again.dispose());
  const coherency = pearson.map((rho) => (rho + 1) / 2);
  const road = await roadScores(classifier, images, cams, { targets, percentiles, noise, seed });
  const roadScaled = road.combined.map((score) => Math.min(Math.max(2 * score, 0), 1));
  const eps = 1e-8;
  return {
    arcc: coherency.map(
      (coh, i) => 3 / (1 / (coh + eps) + 1 / (1 - complexity[i]! + eps) + 1 / (roadScaled[i]! + eps)),
    ),
    complexity,
    coherency,
    roadScaled,
  };
}

/** Pearson's correlation of two batches of maps, per image (n − 1 normalisation, 1e-8 guard). */
function pearsonPerImage(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor1D {
  const n = a.shape[1] * a.shape[2];
  const centred = (x: tf.Tensor3D) => tf.sub(x, tf.mean(x, [1, 2], true));
  const ca = centred(a);
  const cb = centred(b);
  const covariance = tf.div(tf.sum(tf.mul(ca, cb), [1, 2]), n - 1);
  const std = (c: tf.Tensor) => tf.sqrt(tf.div(tf.sum(tf.square(c), [1, 2]), n - 1));
  return tf.div(covariance, tf.add(tf.mul(std(ca), std(cb)), 1e-8)) as tf.Tensor1D;
}

async function perImage(values: tf.Tensor1D | tf.Tensor): Promise<number[]> {
  const result = Array.from(await values.data());
  values.dispose();
  return result;
}
