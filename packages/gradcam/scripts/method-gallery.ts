/**
 * Writes docs/methods.png: one image of a synthetic task (which colour is the shape on the noise?)
 * explained by every @bcos/gradcam method, left to right in the README's table order, after the
 * input itself. A small CNN is trained on the task first (seeded, a few minutes on wasm), so the maps
 * have something to find. Run from the repository root:
 *   npx tsx --conditions source packages/gradcam/scripts/method-gallery.ts [--backend wasm]
 */
import { fileURLToPath } from 'node:url';
import { initBackend, tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  deepFeatureFactorization,
  deprocessImage,
  EXPLAIN_METHODS,
  explain,
  guidedBackprop,
  guidedGradCam,
  overlay,
} from '../src/index';

const SIZE = 32;
const TILE = 96;
const LAYER = 'block';
const LAYERS = ['conv2', 'block'];

/** Noise with one filled square of colour `label` (0 red, 1 green, 2 blue) somewhere. */
function sample(label: number, random: () => number): Float32Array {
  const pixels = Float32Array.from({ length: SIZE * SIZE * 3 }, () => 0.35 * random());
  const side = 8 + Math.floor(random() * 6);
  const top = Math.floor(random() * (SIZE - side));
  const left = Math.floor(random() * (SIZE - side));
  for (let y = top; y < top + side; y++)
    for (let x = left; x < left + side; x++) pixels[(y * SIZE + x) * 3 + label] = 0.9 + 0.1 * random();
  return pixels;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

function dataset(count: number, random: () => number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const labels = Array.from({ length: count }, (_, i) => i % 3);
  const pixels = new Float32Array(count * SIZE * SIZE * 3);
  labels.forEach((label, i) => {
    pixels.set(sample(label, random), i * SIZE * SIZE * 3);
  });
  return {
    x: tf.tensor4d(pixels, [count, SIZE, SIZE, 3]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3) as tf.Tensor2D,
  };
}

function model(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const conv = (name: string, filters: number, seed: number) =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(seed),
    });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        name: 'conv1',
        inputShape: [SIZE, SIZE, 3],
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tfl.layers.batchNormalization({ name: 'bn1' }),
      conv('conv2', 24, 2),
      tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }),
      conv('block', 32, 3),
      tfl.layers.globalAveragePooling2d({ name: 'gap' }),
      tfl.layers.dense({ name: 'fc', units: 3, kernelInitializer: init(4) }),
    ],
  });
}

async function tiles(net: tfl.LayersModel, image: tf.Tensor4D, shown: tf.Tensor3D): Promise<tf.Tensor3D[]> {
  const target = [2];
  const result: tf.Tensor3D[] = [tf.clone(shown)];
  const overlayOf = (cams: tf.Tensor3D) => overlay(shown, tf.squeeze(cams, [0]) as tf.Tensor2D);
  for (const method of EXPLAIN_METHODS) {
    const layer = method === 'refinecam' ? LAYERS : LAYER;
    const { cams, logits } = await explain(net, image, {
      method,
      layer,
      targets: target,
    });
    result.push(overlayOf(cams));
    tf.dispose([cams, logits]);
  }
  const multi = await explain(net, image, { layer: LAYERS, targets: target });
  result.push(overlayOf(multi.cams));
  const gb = await guidedBackprop(net, image, { targets: target });
  const gradCam = await explain(net, image, { layer: LAYER, targets: target });
  const guided = guidedGradCam(gradCam.cams, gb);
  for (const gradients of [gb, guided]) {
    const shownGradients = deprocessImage(gradients);
    result.push(tf.tidy(() => tf.div(tf.squeeze(shownGradients, [0]), 255) as tf.Tensor3D));
    shownGradients.dispose();
  }
  const dff = await deepFeatureFactorization(net, image, { layer: LAYER, components: 4, seed: 0 });
  result.push(
    tf.tidy(() =>
      overlay(shown, tf.squeeze(tf.slice(dff.explanations, [0, 0, 0, 0], [1, -1, -1, 1])) as tf.Tensor2D),
    ),
  );
  tf.dispose([
    multi.cams,
    multi.logits,
    gb,
    gradCam.cams,
    gradCam.logits,
    guided,
    dff.concepts,
    dff.explanations,
  ]);
  return result;
}

async function main(): Promise<void> {
  const backend = process.argv.includes('--backend')
    ? process.argv[process.argv.indexOf('--backend') + 1]
    : 'wasm';
  await initBackend({ backend: backend as 'wasm' });
  const random = seeded(7);
  const net = model();
  // The head outputs logits, as the CAMs explain them.
  net.compile({
    optimizer: tf.train.adam(3e-3),
    loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
    metrics: ['accuracy'],
  });
  const train = dataset(600, random);
  const history = await net.fit(train.x, train.y, {
    epochs: 6,
    batchSize: 32,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: accuracy ${logs?.acc?.toFixed(3)}`),
    },
  });
  console.log('training accuracy', history.history.acc?.at(-1));
  const image = tf.tensor4d(sample(2, random), [1, SIZE, SIZE, 3]);
  const shown = tf.squeeze(image, [0]) as tf.Tensor3D;
  const pictures = await tiles(net, image, shown);
  const row = tf.tidy(() =>
    tf.concat(
      pictures.map((p) => tf.image.resizeNearestNeighbor(p, [TILE, TILE])),
      1,
    ),
  ) as tf.Tensor3D;
  const path = fileURLToPath(new URL('../docs/methods.png', import.meta.url));
  await writePng(path, await tensorToImage(row));
  console.log(`wrote ${path} (${pictures.length} tiles)`);
  tf.dispose([train.x, train.y, image, shown, row, ...pictures]);
}

await main();
