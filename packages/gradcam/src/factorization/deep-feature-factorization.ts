import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkFinite, checkImages } from '../engine/check-images';
import { GraphRun } from '../graph/graph-run';
import type { Layer } from '../graph/layer-types';
import { locateLayer } from '../graph/locate-layer';
import { resolveLayer } from '../graph/resolve-layer';
import { asCamModel, requireLayersModel } from '../model/as-cam-model';
import { type NmfOptions, nmf } from './nmf';

export interface DffOptions extends Omit<NmfOptions, 'init'> {
  /** The layer whose activations are factorised; default the last layer with a 4-D output. */
  layer?: string | Layer;
  /** Number of concepts. Default 16 (pytorch-grad-cam's DeepFeatureFactorization). */
  components?: number;
  /** NMF's starting factors: W [channels × k] and H [k × N·h·w]; default random. */
  init?: NmfOptions['init'];
  /** Run on the concepts ([k, channels]), e.g. the classifier head: its output is `conceptOutputs`. */
  computationOnConcepts?: (concepts: tf.Tensor2D) => tf.Tensor2D;
}

export interface DffResult {
  /** [channels, k]: each concept's activation vector. */
  concepts: tf.Tensor2D;
  /** [N, H, W, k]: where each concept is, per image, min–max scaled and resized to the input. */
  explanations: tf.Tensor4D;
  /** `computationOnConcepts` of the concepts, when given. */
  conceptOutputs?: tf.Tensor2D;
}

/**
 * Deep Feature Factorization (Collins et al. 2018, as pytorch-grad-cam's): the layer's activations
 * of all images, as a channels × pixels matrix shifted to be non-negative (minus each channel's
 * minimum), are factorised by NMF into k concepts (W, plus the shift) and their heat maps (H).
 */
export async function deepFeatureFactorization(
  model: LayersModel,
  images: tf.Tensor4D,
  { layer, components = 16, computationOnConcepts, ...nmfOptions }: DffOptions = {},
): Promise<DffResult> {
  checkImages(asCamModel(requireLayersModel(model, 'Deep Feature Factorization')), images);
  await checkFinite(images);
  const location = locateLayer(model, resolveLayer(model, layer));
  const activations = tf.tidy(() => new GraphRun(model, [images]).valueAt(location));
  if (activations.rank !== 4) {
    activations.dispose();
    throw new Error(
      `layer: DFF needs a 4-D [batch, height, width, channels] output, got [${activations.shape}]`,
    );
  }
  const [n, h, w, channels] = activations.shape as [number, number, number, number];
  const values = await activations.data();
  activations.dispose();
  const { matrix, offset } = shiftedChannelMatrix(values, n * h * w, channels);
  const factors = nmf(matrix, channels, n * h * w, components, nmfOptions);
  const conceptValues = factors.w.map((value, i) => value + offset[Math.floor(i / components)]!);
  const concepts = tf.tensor2d(Float32Array.from(conceptValues), [channels, components]);
  const explanations = conceptMaps(factors.h, [n, h, w, components], [images.shape[1], images.shape[2]]);
  const conceptOutputs = computationOnConcepts
    ? tf.tidy(() => computationOnConcepts(tf.transpose(concepts) as tf.Tensor2D))
    : undefined;
  return { concepts, explanations, ...(conceptOutputs ? { conceptOutputs } : {}) };
}

/** [channels × pixels] (pixel = n·h·w + y·w + x) minus each channel's minimum, and those minima. */
function shiftedChannelMatrix(
  values: ArrayLike<number>,
  pixels: number,
  channels: number,
): { matrix: Float64Array; offset: Float64Array } {
  const matrix = new Float64Array(channels * pixels);
  const offset = new Float64Array(channels).fill(Number.POSITIVE_INFINITY);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) {
      const value = Number.isNaN(values[p * channels + c]!) ? 0 : values[p * channels + c]!;
      matrix[c * pixels + p] = value;
      offset[c] = Math.min(offset[c]!, value);
    }
  }
  for (let c = 0; c < channels; c++)
    for (let p = 0; p < pixels; p++) matrix[c * pixels + p] = matrix[c * pixels + p]! - offset[c]!;
  return { matrix, offset };
}

/** H ([k × N·h·w]) as per-image maps [N, H, W, k], each min–max scaled then resized to the input. */
function conceptMaps(
  h: Float64Array,
  [n, height, width, k]: [number, number, number, number],
  size: [number, number],
): tf.Tensor4D {
  return tf.tidy(() => {
    const maps = tf.transpose(
      tf.reshape(tf.tensor1d(Float32Array.from(h)), [k, n, height, width]),
      [1, 2, 3, 0],
    );
    const shifted = tf.sub(maps, tf.min(maps, [1, 2], true));
    const scaled = tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), 1e-7)) as tf.Tensor4D;
    return height === size[0] && width === size[1]
      ? scaled
      : tf.image.resizeBilinear(scaled, size, false, true);
  });
}
