/**
 * Forward and training-step throughput of the LayerNorm ResNet-18 and the B-cos ResNet-18 (CIFAR
 * stem, 32×32) on each backend, and the B-cos/LayerNorm ratio measured in the same run.
 *   npm run bench -- resnet [--backends cpu,wasm,webgpu] [--width 16] [--batch 32] [--size 32]
 * Defaults: batch 32 on cpu/wasm, 128 on GPUs; width 4 on the pure-JS cpu backend, 16 on wasm and 64
 * (the real ResNet-18) on GPUs, so that a run without options stays short.
 */
import type { BackendInfo } from '@bcos/backend';
import { encodeImage } from '@bcos/layers';
import { bcosResnet18, resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

const CLASSES = 10;
const HOST_BACKENDS = ['cpu', 'wasm'];
const DEFAULT_WIDTH: Record<string, number> = { cpu: 4, wasm: 16 };

interface Setting {
  width: number;
  batch: number;
  size: number;
}

interface Contender {
  name: string;
  build: (setting: Setting) => LayersModel;
  /** The model's input for RGB images in [0, 1]. */
  prepare: (images: tf.Tensor4D) => tf.Tensor4D;
  loss: (targets: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
}

const CONTENDERS: Contender[] = [
  {
    name: 'LayerNorm ResNet-18',
    build: ({ width, size }) =>
      resnet18({ stem: 'cifar', norm: 'layer', classes: CLASSES, inputShape: [size, size, 3], width }),
    prepare: (images) => tf.clone(images),
    loss: (targets, logits) => tf.losses.softmaxCrossEntropy(targets, logits),
  },
  {
    name: 'B-cos ResNet-18',
    build: ({ width, size }) =>
      bcosResnet18({ stem: 'cifar', classes: CLASSES, inputShape: [size, size, 6], width }),
    prepare: (images) => encodeImage(images),
    loss: (targets, logits) => tf.losses.sigmoidCrossEntropy(targets, logits),
  },
];

function positiveInteger(options: Record<string, string>, key: string, fallback: number): number {
  const value = options[key] === undefined ? fallback : Number(options[key]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`bench resnet: --${key} must be a positive integer, got '${options[key]}'`);
  }
  return value;
}

function settingFor(backend: BackendInfo, options: Record<string, string>): Setting {
  const host = HOST_BACKENDS.includes(backend.name);
  return {
    width: positiveInteger(options, 'width', DEFAULT_WIDTH[backend.name] ?? 64),
    batch: positiveInteger(options, 'batch', host ? 32 : 128),
    size: positiveInteger(options, 'size', 32),
  };
}

interface Throughput {
  forward: number;
  train: number;
}

async function throughput(contender: Contender, setting: Setting): Promise<Throughput> {
  const model = contender.build(setting);
  const optimizer = tf.train.adam(1e-3);
  const { batch, size } = setting;
  const x = tf.tidy(() => contender.prepare(tf.randomUniform([batch, size, size, 3]) as tf.Tensor4D));
  const targets = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32') as tf.Tensor1D, CLASSES);
  const schedule = { warmup: 1, minRuns: 3, minTotalMs: 2000, maxRuns: 10 };
  const forward = await measure(() => model.predict(x) as tf.Tensor, schedule);
  const train = await measure(
    () =>
      optimizer.minimize(
        () => contender.loss(targets, model.apply(x, { training: true }) as tf.Tensor),
        true,
      )!,
    schedule,
  );
  tf.dispose([x, targets]);
  optimizer.dispose();
  model.dispose();
  return { forward: (batch * 1000) / forward.medianMs, train: (batch * 1000) / train.medianMs };
}

export async function run(args: BenchArgs): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for await (const backend of eachBackend(args)) {
    const setting = settingFor(backend, args.options);
    const results: Throughput[] = [];
    for (const contender of CONTENDERS) {
      const result = await throughput(contender, setting);
      results.push(result);
      rows.push({
        backend: backend.name,
        model: contender.name,
        width: String(setting.width),
        batch: String(setting.batch),
        'forward img/s': result.forward,
        'train img/s': result.train,
      });
    }
    const [plain, bcos] = results as [Throughput, Throughput];
    rows.push({
      backend: backend.name,
      model: 'B-cos / LayerNorm',
      width: String(setting.width),
      batch: String(setting.batch),
      'forward img/s': bcos.forward / plain.forward,
      'train img/s': bcos.train / plain.train,
    });
  }
  printTable(
    `ResNet-18 throughput (CIFAR stem, ${args.options.size ?? 32}×${args.options.size ?? 32})`,
    rows,
  );
}
