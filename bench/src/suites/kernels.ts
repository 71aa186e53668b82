/**
 * Convolution kernels at the ResNet-18 CIFAR layer shapes: forward, backprop-input and
 * backprop-filter per backend, and the project's kernels (convolutions, float32 binary ops) against
 * the stock ones they replaced (where the backend has them) in the same run; then whole ResNet-18 training steps on wasm against PyTorch on
 * the same cores (bench/reference/resnet18_train_step.py) when PyTorch is installed.
 */
import { type BackendInfo, registerProjectKernels, stockKernel, useStockKernels } from '@bcos/backend';
import { resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';
import { runTorchReference } from '../reference';

/** [size, inC, outC, k, stride]: every distinct conv of ResNet-18 with the CIFAR stem at 32×32. */
const RESNET18_CIFAR_CONVS: ConvCase[] = [
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

type ConvCase = [size: number, inC: number, outC: number, k: number, stride: number];

function convTensors([size, inC, outC, k, stride]: ConvCase, batch: number) {
  const out = Math.ceil(size / stride);
  return {
    x: tf.randomNormal([batch, size, size, inC]) as tf.Tensor4D,
    w: tf.randomNormal([k, k, inC, outC]) as tf.Tensor4D,
    dy: tf.randomNormal([batch, out, out, outC]) as tf.Tensor4D,
  };
}

type ConvTensors = ReturnType<typeof convTensors>;

/** The three kernels of a conv layer's training step, each as the op that reaches it. */
const CONV_KERNELS: Record<string, (t: ConvTensors, stride: number) => tf.Tensor> = {
  Conv2D: ({ x, w }, stride) => tf.conv2d(x, w, stride, 'same'),
  Conv2DBackpropInput: ({ x, w, dy }, stride) => tf.conv2dTranspose(dy, w, x.shape, stride, 'same'),
  Conv2DBackpropFilter: ({ x, w, dy }, stride) =>
    tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x, dy },
      {
        strides: stride,
        pad: 'same',
        dataFormat: 'NHWC',
        filterShape: w.shape,
      },
    ) as tf.Tensor,
};

const label = ([size, inC, outC, k, stride]: ConvCase) => `${size}²×${inC}→${outC} k${k} s${stride}`;

async function kernelTimes(backend: BackendInfo, cases: ConvCase[], batch: number): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const c of cases) {
    const tensors = convTensors(c, batch);
    const ms: Record<string, number> = {};
    for (const [name, op] of Object.entries(CONV_KERNELS))
      ms[name] = (await measure(() => op(tensors, c[4]))).medianMs;
    rows.push({
      shape: label(c),
      'forward ms': ms.Conv2D!,
      'bp-input ms': ms.Conv2DBackpropInput!,
      'bp-filter ms': ms.Conv2DBackpropFilter!,
      'bp-input / forward': ms.Conv2DBackpropInput! / ms.Conv2D!,
      'bp-filter / forward': ms.Conv2DBackpropFilter! / ms.Conv2D!,
    });
    tf.dispose(Object.values(tensors));
  }
  printTable(`${backend.name} (${backend.description}), batch ${batch}`, rows);
}

/** One measured call of a kernel: what it computes and the op that reaches it. */
interface KernelCall {
  label: string;
  kernel: string;
  op: () => tf.Tensor;
}

/** Project kernels against the stock kernels they replaced, same calls, same run (stock ones can be very slow: small inputs). */
async function againstStock(backend: BackendInfo, title: string, calls: KernelCall[]): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const { label, kernel, op } of calls.filter(({ kernel }) => stockKernel(kernel, backend.name))) {
    const project = await measure(op);
    useStockKernels(backend.name);
    const stock = await measure(op, { warmup: 0, minRuns: 1, minTotalMs: 0 });
    registerProjectKernels(backend.name);
    rows.push({
      shape: label,
      kernel,
      'project ms': project.medianMs,
      'stock ms': stock.medianMs,
      'stock / project': stock.medianMs / project.medianMs,
    });
  }
  if (rows.length > 0) printTable(`${backend.name}: project vs stock kernels, ${title}`, rows);
}

/** The conv kernels at the first ResNet-18 shapes. */
function convCalls(cases: ConvCase[], batch: number): { calls: KernelCall[]; tensors: tf.Tensor[] } {
  const tensors = cases.map((c) => convTensors(c, batch));
  const calls = cases.flatMap((c, i) =>
    ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'].map((kernel) => ({
      label: label(c),
      kernel,
      op: () => CONV_KERNELS[kernel]!(tensors[i]!, c[4]),
    })),
  );
  return { calls, tensors: tensors.flatMap((t) => Object.values(t)) };
}

/** Float32 binary ops as a batch norm, a bias and a CAM's channel weights use them. */
function binaryCalls(): { calls: KernelCall[]; tensors: tf.Tensor[] } {
  const x = tf.randomNormal([8, 56, 56, 64]);
  const channel = tf.randomNormal([64]);
  const perImageChannel = tf.randomNormal([8, 1, 1, 64]);
  const calls = [
    ['Multiply', '[8,56,56,64] × same', () => tf.mul(x, x)],
    ['Add', '[8,56,56,64] + same', () => tf.add(x, x)],
    ['Multiply', '[8,56,56,64] × [64]', () => tf.mul(x, channel)],
    ['Sub', '[8,56,56,64] − [64]', () => tf.sub(x, channel)],
    ['Multiply', '[8,56,56,64] × [8,1,1,64]', () => tf.mul(x, perImageChannel)],
    ['RealDiv', '[8,56,56,64] / [8,1,1,64]', () => tf.div(x, perImageChannel)],
  ] as const;
  return {
    calls: calls.map(([kernel, label, op]) => ({ kernel, label, op })),
    tensors: [x, channel, perImageChannel],
  };
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
  const cases = quick ? RESNET18_CIFAR_CONVS.slice(0, 3) : RESNET18_CIFAR_CONVS;
  for await (const backend of eachBackend(args)) {
    const gpu = backend.name === 'webgpu' || backend.name === 'tensorflow';
    await kernelTimes(backend, cases, Number(args.options.batch ?? (gpu ? 128 : 32)));
    const stockBatch = Number(args.options['stock-batch'] ?? 2);
    for (const [title, { calls, tensors }] of [
      [`convolutions, batch ${stockBatch}`, convCalls(RESNET18_CIFAR_CONVS.slice(0, 3), stockBatch)],
      ['float32 binary ops', binaryCalls()],
    ] as const) {
      await againstStock(backend, title, calls);
      tf.dispose(tensors);
    }
    const stepBackends = (args.options['train-step'] ?? 'wasm').split(',');
    if (!quick && stepBackends.includes(backend.name)) {
      const widths = (args.options.widths ?? '16,64').split(',').map(Number);
      await trainSteps(backend, widths, 32);
    }
  }
}
