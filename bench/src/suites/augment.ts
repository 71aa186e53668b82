/**
 * The seed's CIFAR augmentation (RandomCrop 32 pad 4, Cutout 16, Rotate ±5°, Normalize) on one
 * batch per backend, each transform on its own too, against one training step (forward, backward,
 * Adam update) of ResNet-18 with the CIFAR stem and layer norm on the same batch and backend.
 * Target: augmentation < 10% of a step.
 *
 *   npm run bench -- augment [--backends cpu,wasm,webgpu] [--batch 128] [--width 64] [--steps 2]
 * --steps 0 skips the training step. On CPU keep the step short: --width 16 --steps 1.
 */
import '@bcos/backend';
import { cifarTrainTransforms, compose, createRng, type Rng, type Transform } from '@bcos/augment';
import { resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

const CIFAR_MEAN = [0.4914, 0.4822, 0.4465];
const CIFAR_STD = [0.247, 0.2435, 0.2616];

interface Options {
  batch: number;
  width: number;
  steps: number;
}

function parseOptions(args: BenchArgs): Options {
  const option = (name: string, fallback: number, minimum: number) => {
    const value = Number(args.options[name] ?? fallback);
    if (!Number.isInteger(value) || value < minimum)
      throw new Error(`--${name}: expected an integer >= ${minimum}`);
    return value;
  };
  return { batch: option('batch', 128, 1), width: option('width', 64, 1), steps: option('steps', 2, 0) };
}

/** Median ms of one transform on `images`, drawing fresh parameters every run. */
async function timeTransform(transform: Transform, images: tf.Tensor4D, rng: Rng): Promise<number> {
  return (await measure(() => transform.apply(images, rng))).medianMs;
}

/** Median ms of one Adam step of ResNet-18 (CIFAR stem, layer norm) on `images`. */
async function timeTrainingStep(images: tf.Tensor4D, { width, steps }: Options): Promise<number> {
  const model = resnet18({ stem: 'cifar', norm: 'layer', classes: 10, inputShape: [32, 32, 3], width });
  const optimizer = tf.train.adam(1e-3);
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: images.shape[0] }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  const step = () =>
    optimizer.minimize(
      () =>
        tf.tidy(() =>
          tf.losses.softmaxCrossEntropy(labels, model.apply(images, { training: true }) as tf.Tensor),
        ),
      true,
    ) as tf.Scalar;
  try {
    return (await measure(step, { warmup: 1, minRuns: steps, minTotalMs: 0, maxRuns: steps })).medianMs;
  } finally {
    optimizer.dispose();
    model.dispose();
    labels.dispose();
  }
}

/** The step's time and the augmentation's share of it, or why the step could not run (e.g. wasm memory). */
async function stepColumns(augmentMs: number, images: tf.Tensor4D, options: Options) {
  try {
    const stepMs = await timeTrainingStep(images, options);
    return { 'train step ms': stepMs, 'augment / step': `${((100 * augmentMs) / stepMs).toFixed(2)}%` };
  } catch (error) {
    return { 'train step ms': `failed: ${(error as Error).message.slice(0, 60)}`, 'augment / step': '' };
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const options = parseOptions(args);
  const transforms = cifarTrainTransforms({ mean: CIFAR_MEAN, std: CIFAR_STD });
  const augment = compose(transforms);
  const rows: Array<Record<string, string | number>> = [];
  for await (const backend of eachBackend(args)) {
    const images = tf.randomUniform([options.batch, 32, 32, 3]) as tf.Tensor4D;
    const rng = createRng(0);
    const row: Record<string, string | number> = { backend: `${backend.name} (${backend.description})` };
    row['augment ms'] = await timeTransform(augment, images, rng);
    for (const transform of transforms)
      row[`${transform.name} ms`] = await timeTransform(transform, images, rng);
    if (options.steps > 0)
      Object.assign(row, await stepColumns(row['augment ms'] as number, images, options));
    rows.push(row);
    images.dispose();
  }
  printTable(
    `CIFAR augmentation vs one ResNet-18 training step, batch ${options.batch}×32×32×3, width ${options.width}`,
    rows,
  );
}
