/**
 * B-cos convolution against a plain convolution of the same shape, forward and forward+backward,
 * per backend, as ratios measured in one run (target ≤ 2.5×).
 *   npm run bench -- layers [--backends cpu,wasm] [--batch 8 --size 16 --channels 32 --kernel 3 --b 2 --rounds 3]
 */
import { type BcosTransform, bcosConv2dOp, type ConvGeometry } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

interface ConvShape {
  batch: number;
  size: number;
  channels: number;
  kernel: number;
}

const DEFAULT_SHAPES: ConvShape[] = [
  { batch: 8, size: 16, channels: 32, kernel: 3 },
  { batch: 8, size: 8, channels: 64, kernel: 3 },
];

function positiveOption(
  options: Record<string, string>,
  key: string,
  fallback: number,
  integer = true,
): number {
  const value = options[key] === undefined ? fallback : Number(options[key]);
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a positive integer' : 'a positive number';
    throw new Error(`bench layers: --${key} must be ${kind}, got '${options[key]}'`);
  }
  return value;
}

function shapesFrom(options: Record<string, string>): ConvShape[] {
  const named = ['batch', 'size', 'channels', 'kernel'].some((key) => options[key] !== undefined);
  if (!named) return DEFAULT_SHAPES;
  const [base] = DEFAULT_SHAPES as [ConvShape];
  return [
    {
      batch: positiveOption(options, 'batch', base.batch),
      size: positiveOption(options, 'size', base.size),
      channels: positiveOption(options, 'channels', base.channels),
      kernel: positiveOption(options, 'kernel', base.kernel),
    },
  ];
}

type Conv = (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D;

interface Operands {
  x: tf.Tensor4D;
  kernel: tf.Tensor4D;
  upstream: tf.Tensor4D;
}

/** Median forward and forward+backward (input and kernel gradients, given upstream gradient) times. */
async function time(conv: Conv, { x, kernel, upstream }: Operands) {
  const forward = await measure(() => conv(x, kernel));
  const backward = await measure(() =>
    tf.grads((a: tf.Tensor, k: tf.Tensor) => conv(a as tf.Tensor4D, k as tf.Tensor4D))([x, kernel], upstream),
  );
  return { forward: forward.medianMs, backward: backward.medianMs };
}

type Times = Awaited<ReturnType<typeof time>>;

function fastest(a: Times | undefined, b: Times): Times {
  return a ? { forward: Math.min(a.forward, b.forward), backward: Math.min(a.backward, b.backward) } : b;
}

/**
 * Plain and B-cos conv measured alternately `rounds` times, keeping each one's best median: on a
 * shared machine a burst of load then slows both sides of a ratio alike or is left out.
 */
async function compare(shape: ConvShape, b: number, rounds: number) {
  const { batch, size, channels, kernel } = shape;
  const geometry: ConvGeometry = {
    kernelSize: [kernel, kernel],
    strides: [1, 1],
    padding: 'same',
    dilationRate: [1, 1],
  };
  const transform: BcosTransform = { b, maxOut: 1, detach: false };
  const operands: Operands = {
    x: tf.randomNormal([batch, size, size, channels], 0, 1, 'float32', 1) as tf.Tensor4D,
    kernel: tf.randomNormal([kernel, kernel, channels, channels], 0, 1, 'float32', 2) as tf.Tensor4D,
    upstream: tf.randomNormal([batch, size, size, channels], 0, 1, 'float32', 3) as tf.Tensor4D,
  };
  let plain: Times | undefined;
  let bcos: Times | undefined;
  for (let round = 0; round < rounds; round++) {
    plain = fastest(plain, await time((a, k) => tf.conv2d(a, k, 1, 'same'), operands));
    bcos = fastest(bcos, await time((a, k) => bcosConv2dOp(a, k, geometry, transform), operands));
  }
  tf.dispose(Object.values(operands));
  return { plain: plain!, bcos: bcos! };
}

export async function run(args: BenchArgs): Promise<void> {
  const b = positiveOption(args.options, 'b', 2, false);
  const rounds = positiveOption(args.options, 'rounds', 3);
  const rows: Array<Record<string, string | number>> = [];
  for await (const backend of eachBackend(args)) {
    for (const shape of shapesFrom(args.options)) {
      const { plain, bcos } = await compare(shape, b, rounds);
      rows.push({
        backend: backend.name,
        'N×H×W×C, k': `${shape.batch}×${shape.size}×${shape.size}×${shape.channels}, ${shape.kernel}`,
        'conv fwd ms': plain.forward,
        'B-cos fwd ms': bcos.forward,
        'fwd ratio': bcos.forward / plain.forward,
        'conv fwd+bwd ms': plain.backward,
        'B-cos fwd+bwd ms': bcos.backward,
        'fwd+bwd ratio': bcos.backward / plain.backward,
      });
    }
  }
  printTable(`B-cos conv (b = ${b}) vs plain conv of the same shape`, rows);
}
