/**
 * Test fixtures: a small synthetic ImageDataset over arrays (a real implementation of the
 * interface) and a tiny conv net. Not part of the published package.
 */

import { createRng } from '@bcos/augment';
import type { Batch, BatchOptions, ImageDataset } from '@bcos/datasets';
import { bcosConv2d, logitLayer } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface SyntheticOptions {
  size: number;
  classes?: number;
  side?: number;
  seed?: number;
  name?: string;
  /** Every `mislabelEvery`-th image gets the next class's label (so a good model still errs). */
  mislabelEvery?: number;
}

/** Class c: a square whose channel c % 3 is bright (others dim) on a noisy background. */
export function syntheticDataset({
  size,
  classes = 3,
  side = 8,
  seed = 1,
  name = 'synthetic',
  mislabelEvery,
}: SyntheticOptions): ImageDataset {
  const rng = createRng(seed);
  const pixels = side * side * 3;
  const images = new Uint8Array(size * pixels);
  const labels = new Int32Array(size);
  const patch = Math.max(2, Math.floor(side / 2));
  for (let i = 0; i < size; i++) {
    const label = i % classes;
    labels[i] = label;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++)
        for (let c = 0; c < 3; c++) {
          const inPatch = y < patch && x < patch;
          const bright = inPatch && c === label % 3;
          images[i * pixels + (y * side + x) * 3 + c] = bright ? rng.int(180, 255) : rng.int(0, 90);
        }
  }
  if (mislabelEvery) for (let i = 0; i < size; i += mislabelEvery) labels[i] = (labels[i]! + 1) % classes;
  return arrayDataset({
    name,
    images,
    labels,
    imageShape: [side, side, 3],
    classNames: Array.from({ length: classes }, (_, c) => `class${c}`),
  });
}

export function arrayDataset(init: {
  name: string;
  images: Uint8Array;
  labels: Int32Array;
  imageShape: [number, number, number];
  classNames: string[];
}): ImageDataset {
  const [h, w, c] = init.imageShape;
  const pixels = h * w * c;
  const size = init.labels.length;
  const get = async (indices: ArrayLike<number>) => {
    const images = new Uint8Array(indices.length * pixels);
    const labels = new Int32Array(indices.length);
    Array.from(indices).forEach((index, i) => {
      if (!(index >= 0 && index < size)) throw new Error(`${init.name}: index ${index} out of range`);
      images.set(init.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
      labels[i] = init.labels[index]!;
    });
    return { images, labels };
  };
  async function* batches(options: BatchOptions): AsyncGenerator<Batch> {
    const order = Int32Array.from({ length: size }, (_, i) => i);
    if (options.shuffle) {
      const rng = createRng(options.seed ?? 0).fork(options.epoch ?? 0);
      for (let i = size - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    const count = options.dropLast
      ? Math.floor(size / options.batchSize)
      : Math.ceil(size / options.batchSize);
    for (let b = options.skipBatches ?? 0; b < count; b++) {
      const indices = order.slice(b * options.batchSize, Math.min(size, (b + 1) * options.batchSize));
      const { images, labels } = await get(indices);
      yield {
        images: tf.tensor4d(Int32Array.from(images), [indices.length, h, w, c], 'int32'),
        labels: tf.tensor1d(labels, 'int32'),
        indices,
      };
    }
  }
  return { name: init.name, size, imageShape: init.imageShape, classNames: init.classNames, get, batches };
}

/** conv 3×3 (8) → ReLU → global average pool → dense: a few hundred weights, seeded initialisers. */
export function tinyConvNet({ side = 8, classes = 3, channels = 3, seed = 7 } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [side, side, channels] });
  const conv = tfl.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      name: 'conv',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    })
    .apply(input) as tfl.SymbolicTensor;
  const relu = tfl.layers.reLU().apply(conv) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(relu) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({
      units: classes,
      name: 'fc',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny' });
}

/**
 * conv 3×3 (4) → batch norm → ReLU, twice → pool → dense. With a huge learning rate on wasm its conv
 * kernels go NaN while the loss stays finite (a NaN kernel gives −Infinity there, which ReLU zeroes).
 */
export function tinyBatchNormNet({ side = 8, classes = 3, seed = 3 } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [side, side, 3] });
  let x = input;
  for (const [i, s] of [seed, seed + 1].entries()) {
    const conv = tfl.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      name: `conv${i}`,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: s }),
    });
    const norm = tfl.layers.batchNormalization({ name: `bn${i}` });
    x = tfl.layers.reLU().apply(norm.apply(conv.apply(x))) as tfl.SymbolicTensor;
  }
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({
      units: classes,
      name: 'fc',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 2 }),
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny_bn' });
}

/** A two-conv B-cos net on the 6-channel encoding: B-cos conv 3×3 → B-cos conv 1×1 to classes → pool → logits. */
export function tinyBcosNet({ side = 8, classes = 3 } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [side, side, 6] });
  const features = bcosConv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'conv' }).apply(
    input,
  ) as tfl.SymbolicTensor;
  const classMaps = bcosConv2d({ filters: classes, kernelSize: 1, name: 'fc' }).apply(
    features,
  ) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(classMaps) as tfl.SymbolicTensor;
  const logits = logitLayer({ name: 'logits' }).apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny_bcos' });
}
