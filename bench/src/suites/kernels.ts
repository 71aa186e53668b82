/**
 * Convolution kernels at the ResNet-18 CIFAR layer shapes: forward, backprop-input and
 * backprop-filter per backend, and the project's backprop-filter against the stock one (where the
 * backend has one) in the same run; then whole ResNet-18 training steps on wasm against PyTorch on
 * the same cores (bench/reference/resnet18_train_step.py) when PyTorch is installed.
 */
import { type BackendInfo, registerProjectKernels, stockKernel, useStockKernels } from '@bcos/backend';
import { resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';
import { runTorchReference } from '../reference';

/** [size, inC, outC, k, stride]: every distinct conv of ResNet-18 with the CIFAR stem at 32×32. */
const RESNET18_CIFAR_CONVS: Array<[number, number, number, number, number]> = [
  [32, 3, 64, 3, 1],
  [32, 64, 64, 3, 1],
  [32, 64, 128, 3, 2],
  [16, 128, 128, 3, 1],
  [32, 64, 128, 1, 2],
  [16, 128, 256, 3, 2],
  [8, 256, 256, 3, 1],
  [8, 256, 512, 3, 2],
  [4, 512, 512, 3, 1],
];

function backpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  k: number,
  inC: number,
  outC: number,
  stride: number,
) {
  return tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x, dy },
    {
      strides: stride,
      pad: 'same',
      dataFormat: 'NHWC',
      filterShape: [k, k, inC, outC],
    },
  ) as tf.Tensor4D;
}

/** Images/s of whole Adam training steps of ResNet-18 (CIFAR stem, batch norm) at one width. */
async function trainStepImagesPerSecond(width: number, batch: number): Promise<number> {
  const model = resnet18({ stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3], width });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([batch, 32, 32, 3]);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  const step = () =>
    optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor),
      true,
    ) as tf.Scalar;
  const timing = await measure(step, { warmup: 1, minRuns: 3, minTotalMs: 3000, maxRuns: 10 });
  tf.dispose([x, labels]);
  optimizer.dispose();
  model.dispose();
  return (batch * 1000) / timing.medianMs;
}

/** Whole training steps on a host backend, with PyTorch on the same cores in the same run when it is installed. */
async function trainSteps(backend: BackendInfo, widths: number[], batch: number): Promise<void> {
  const torch = runTorchReference('resnet18_train_step.py', [
    '--width',
    ...widths.map(String),
    '--batch',
    String(batch),
    '--threads',
    '2',
  ]);
  const rows: Array<Record<string, string | number>> = [];
  for (const width of widths) {
    const ours = await trainStepImagesPerSecond(width, batch);
    const reference =
      'rows' in torch
        ? (torch.rows.find((r) => r.width === width)?.images_per_second as number | undefined)
        : undefined;
    rows.push({
      model: `ResNet-18 CIFAR, batch norm, width ${width}`,
      [`${backend.name} img/s`]: ours,
      'PyTorch img/s': reference ?? 'n/a',
      [`${backend.name} / PyTorch`]: reference ? ours / reference : 'n/a',
    });
  }
  printTable(`training step, batch ${batch} (${backend.name})`, rows);
  if ('skipped' in torch) console.log(`PyTorch reference skipped: ${torch.skipped}`);
  else console.log(`PyTorch ${String(torch.rows[0]?.torch)} on 2 threads, measured in this run`);
}

export async function run(args: BenchArgs): Promise<void> {
  const quick = args.options.quick === 'true';
  for await (const backend of eachBackend(args)) {
    const gpu = backend.name === 'webgpu' || backend.name === 'tensorflow';
    const batch = Number(args.options.batch ?? (gpu ? 128 : 32));
    const rows: Array<Record<string, string | number>> = [];
    const hasStock = Boolean(stockKernel('Conv2DBackpropFilter', backend.name));
    for (const [size, inC, outC, k, stride] of quick
      ? RESNET18_CIFAR_CONVS.slice(0, 3)
      : RESNET18_CIFAR_CONVS) {
      const x = tf.randomNormal([batch, size, size, inC]) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, inC, outC]) as tf.Tensor4D;
      const out = Math.ceil(size / stride);
      const dy = tf.randomNormal([batch, out, out, outC]) as tf.Tensor4D;
      const forward = await measure(() => tf.conv2d(x, w, stride, 'same'));
      const input = await measure(() => tf.conv2dTranspose(dy, w, x.shape, stride, 'same'));
      const filter = await measure(() => backpropFilter(x, dy, k, inC, outC, stride));
      const row: Record<string, string | number> = {
        shape: `${size}²×${inC}→${outC} k${k} s${stride}`,
        'forward ms': forward.medianMs,
        'bp-input ms': input.medianMs,
        'bp-filter ms': filter.medianMs,
        'bp-filter / forward': filter.medianMs / forward.medianMs,
      };
      if (hasStock && !quick) {
        useStockKernels(backend.name);
        const stock = await measure(() => backpropFilter(x, dy, k, inC, outC, stride), {
          minRuns: 1,
          warmup: 0,
          minTotalMs: 0,
        });
        registerProjectKernels(backend.name);
        row['stock bp-filter ms'] = stock.medianMs;
        row['stock / project'] = stock.medianMs / filter.medianMs;
      }
      rows.push(row);
      tf.dispose([x, w, dy]);
    }
    printTable(`${backend.name} (${backend.description}), batch ${batch}`, rows);
    const stepBackends = (args.options['train-step'] ?? 'wasm').split(',');
    if (!quick && stepBackends.includes(backend.name)) {
      const widths = (args.options.widths ?? '16,64').split(',').map(Number);
      await trainSteps(backend, widths, 32);
    }
  }
}
