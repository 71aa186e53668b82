import * as tf from '@tensorflow/tfjs-core';
import type { CamTargets } from '../targets/targets';
import { checkMaps } from './check-maps';
import { type Classifier, type TargetScores, targetScores } from './classifier';
import { noisyLinearImputation } from './noisy-linear-imputation';
import { percentile } from './percentile';
import { seededNormal } from './seeded-normal';

export interface RoadOptions {
  /** Default: the predicted class of each image. */
  targets?: CamTargets;
  /** Default 10, 20, …, 90 (pytorch-grad-cam's ROAD averages). */
  percentiles?: readonly number[];
  /** Std of the noise added to imputed pixels, in image units. Default 0.01. */
  noise?: number;
  /** Seed of that noise. Default 0. */
  seed?: number;
  /**
   * The noise itself instead ([N·H·W·C] per removal, HWC per image), e.g. to reproduce a recorded
   * run; it is added to the imputed pixels only, and `noise` and `seed` are not used.
   */
  noiseSamples?: (order: 'most' | 'least', percentile: number) => ArrayLike<number>;
}

export interface RoadScores {
  percentiles: number[];
  /** [percentile][image]: score change when the most relevant pixels above the percentile are removed. */
  mostRelevantFirst: number[][];
  /** [percentile][image]: score change when the least relevant pixels are removed, keeping the top ones. */
  leastRelevantFirst: number[][];
  /** Per image, averaged over percentiles. */
  mostRelevantFirstMean: number[];
  leastRelevantFirstMean: number[];
  /** Per image, (LeRF − MoRF) / 2 (pytorch-grad-cam's ROADCombined): higher is better. */
  combined: number[];
}

type Order = 'most' | 'least';

interface Removal {
  images: tf.Tensor4D;
  pixels: Float32Array;
  maps: Float32Array;
  scores: TargetScores;
  noise: number;
  normal: () => number;
  noiseSamples: RoadOptions['noiseSamples'];
}

/**
 * ROAD (Rong et al. 2022), as pytorch-grad-cam's ROADMostRelevantFirst / LeastRelevantFirst and
 * their combination: at percentile p, MoRF keeps the pixels whose map value is below the p-th
 * percentile of the map and imputes the rest; LeRF does the same on 1 − map, keeping the most
 * relevant pixels. Removed pixels are filled by noisy linear imputation; the metric is the target
 * score change. Images [N, H, W, C] in the model's input space, maps [N, H, W].
 */
export async function roadScores(
  classifier: Classifier,
  images: tf.Tensor4D,
  maps: tf.Tensor3D,
  {
    targets,
    percentiles = [10, 20, 30, 40, 50, 60, 70, 80, 90],
    noise = 0.01,
    seed = 0,
    noiseSamples,
  }: RoadOptions = {},
): Promise<RoadScores> {
  checkMaps('roadScores', 'maps', images, maps);
  if (percentiles.length === 0) throw new Error('roadScores: percentiles is empty');
  const removal: Removal = {
    images,
    pixels: (await images.data()) as Float32Array,
    maps: (await maps.data()) as Float32Array,
    scores: await targetScores(classifier, images, targets),
    noise: noiseSamples ? 0 : noise,
    normal: seededNormal(seed),
    noiseSamples,
  };
  const mostRelevantFirst: number[][] = [];
  const leastRelevantFirst: number[][] = [];
  for (const p of percentiles) {
    mostRelevantFirst.push(await changesAfterRemoval(removal, p, 'most'));
    leastRelevantFirst.push(await changesAfterRemoval(removal, p, 'least'));
  }
  const mostRelevantFirstMean = meanOverPercentiles(mostRelevantFirst);
  const leastRelevantFirstMean = meanOverPercentiles(leastRelevantFirst);
  return {
    percentiles: [...percentiles],
    mostRelevantFirst,
    leastRelevantFirst,
    mostRelevantFirstMean,
    leastRelevantFirstMean,
    combined: leastRelevantFirstMean.map((lerf, i) => (lerf - mostRelevantFirstMean[i]!) / 2),
  };
}

async function changesAfterRemoval(
  { images, pixels, maps, scores, noise, normal, noiseSamples }: Removal,
  p: number,
  order: Order,
): Promise<number[]> {
  const [n, height, width, channels] = images.shape;
  const imageSize = height * width * channels;
  const mapSize = height * width;
  const imputed = new Float32Array(n * imageSize);
  const given = noiseSamples?.(order, p);
  if (given && given.length !== imputed.length)
    throw new Error(
      `roadScores: noiseSamples gave ${given.length} values for ${order}@${p}, expected ${imputed.length}`,
    );
  for (let i = 0; i < n; i++) {
    const map = maps.subarray(i * mapSize, (i + 1) * mapSize);
    const image = pixels.subarray(i * imageSize, (i + 1) * imageSize);
    const keep = keptPixels(order === 'most' ? map : map.map((v) => 1 - v), p);
    imputed.set(
      noisyLinearImputation(image, { height, width, channels }, keep, noise, normal),
      i * imageSize,
    );
    if (given) addToRemovedPixels(imputed, given, keep, i * imageSize, channels);
  }
  const batch = tf.tensor4d(imputed, images.shape);
  const after = await scores.of(batch);
  batch.dispose();
  return Array.from(after, (score, i) => score - scores.original[i]!);
}

function addToRemovedPixels(
  imputed: Float32Array,
  samples: ArrayLike<number>,
  keep: Uint8Array,
  offset: number,
  channels: number,
): void {
  keep.forEach((kept, pixel) => {
    if (kept) return;
    for (let c = 0; c < channels; c++) {
      const at = offset + pixel * channels + c;
      imputed[at] = imputed[at]! + samples[at]!;
    }
  });
}

/** 1 where the value is below the p-th percentile of the map (those pixels stay). */
function keptPixels(map: Float32Array, p: number): Uint8Array {
  const threshold = percentile(map, p);
  return Uint8Array.from(map, (value) => (value < threshold ? 1 : 0));
}

function meanOverPercentiles(rows: number[][]): number[] {
  const images = rows[0]?.length ?? 0;
  return Array.from({ length: images }, (_, i) => rows.reduce((sum, row) => sum + row[i]!, 0) / rows.length);
}
