/**
 * Convolution kernels at the ResNet-18 CIFAR layer shapes: forward, backprop-input and
 * backprop-filter per backend, and the project's backprop-filter against the stock one (where the
 * backend has one) in the same run.
 */
import { registerProjectKernels, stockKernel, useStockKernels } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

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
  }
}
