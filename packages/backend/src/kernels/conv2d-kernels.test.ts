/**
 * The convolution kernels training uses (forward, backprop-input, backprop-filter), on every backend
 * present, against a float64 reference written out as plain loops. Project kernels (cpu and wasm
 * backprop-filter) and the stock kernels they sit beside are held to the same grid.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { expect, it } from 'vitest';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  batch: number;
  size: number;
  inC: number;
  outC: number;
  k: number;
  stride: number;
  pad: Pad;
}

const PADS: Pad[] = [
  'same',
  'valid',
  [
    [0, 0],
    [1, 2],
    [2, 0],
    [0, 0],
  ],
];
const CHANNELS = [1, 3, 16, 64];

/** Kernel 1/3/5/7 × stride 1/2/3 × same/valid/explicit, with sizes, batches and channels varied across cases. */
function grid(): Case[] {
  const cases: Case[] = [];
  let i = 0;
  for (const k of [1, 3, 5, 7]) {
    for (const stride of [1, 2, 3]) {
      for (const pad of PADS) {
        const big = k <= 3;
        cases.push({
          batch: i % 3 === 0 ? 8 : 1,
          size: i % 2 === 0 ? 11 : 10,
          inC: big ? CHANNELS[i % 4]! : CHANNELS[i % 3]!,
          outC: big ? CHANNELS[(i + 2) % 4]! : CHANNELS[(i + 1) % 3]!,
          k,
          stride,
          pad,
        });
        i++;
      }
    }
  }
  // Deep reductions: the webgpu kernel splits N·H·W across workgroups and spans several output tiles.
  cases.push({ batch: 16, size: 16, inC: 16, outC: 16, k: 3, stride: 1, pad: 'same' });
  cases.push({ batch: 4, size: 16, inC: 64, outC: 128, k: 3, stride: 2, pad: 'same' });
  // On wasm the patch matrix of this batch exceeds its bound: one slice per image, summed.
  cases.push({ batch: 2, size: 128, inC: 64, outC: 4, k: 3, stride: 1, pad: 'same' });
  return cases;
}

function name(c: Case): string {
  const pad = typeof c.pad === 'string' ? c.pad : 'explicit';
  return `k${c.k} s${c.stride} ${pad} x[${c.batch},${c.size},${c.size},${c.inC}] → ${c.outC}`;
}

/** Visits every (output pixel, filter tap) pair that touches the input, with flat indices. */
function forEachTap(
  c: Case,
  info: tf.backend_util.Conv2DInfo,
  visit: (xIndex: number, wBase: number, yBase: number) => void,
): void {
  const { top, left } = info.padInfo;
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let i = 0; i < c.k; i++) {
          const ih = oh * c.stride - top + i;
          if (ih < 0 || ih >= c.size) continue;
          for (let j = 0; j < c.k; j++) {
            const iw = ow * c.stride - left + j;
            if (iw < 0 || iw >= c.size) continue;
            const yBase = ((b * info.outHeight + oh) * info.outWidth + ow) * c.outC;
            for (let ci = 0; ci < c.inC; ci++) {
              visit(
                ((b * c.size + ih) * c.size + iw) * c.inC + ci,
                ((i * c.k + j) * c.inC + ci) * c.outC,
                yBase,
              );
            }
          }
        }
}

function references(
  c: Case,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
) {
  const y = new Float64Array(dy.length);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  forEachTap(c, info, (xi, wBase, yBase) => {
    const xv = x[xi]!;
    let dxSum = 0;
    for (let co = 0; co < c.outC; co++) {
      y[yBase + co]! += xv * w[wBase + co]!;
      dw[wBase + co]! += xv * dy[yBase + co]!;
      dxSum += w[wBase + co]! * dy[yBase + co]!;
    }
    dx[xi]! += dxSum;
  });
  return { y, dx, dw };
}

describeBackends('conv2d kernels on the grid', () => {
  for (const [index, c] of grid().entries()) {
    it(name(c), async () => {
      const xShape: [number, number, number, number] = [c.batch, c.size, c.size, c.inC];
      const wShape: [number, number, number, number] = [c.k, c.k, c.inC, c.outC];
      const info = tf.backend_util.computeConv2DInfo(xShape, wShape, c.stride, 1, c.pad);
      const dyShape: [number, number, number, number] = [c.batch, info.outHeight, info.outWidth, c.outC];
      const xv = seededValues(
        xShape.reduce((a, b) => a * b),
        3 * index + 1,
      );
      const wv = seededValues(
        wShape.reduce((a, b) => a * b),
        3 * index + 2,
      );
      const dyv = seededValues(
        dyShape.reduce((a, b) => a * b),
        3 * index + 3,
      );
      const ref = references(c, xv, wv, dyv, info);

      await expectNoLeaks(async () => {
        const x = tf.tensor4d(xv, xShape);
        const w = tf.tensor4d(wv, wShape);
        const dy = tf.tensor4d(dyv, dyShape);
        const y = tf.conv2d(x, w, c.stride, c.pad);
        const dx = tf.conv2dTranspose(dy, w, xShape, c.stride, c.pad);
        const dw = tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          {
            strides: c.stride,
            pad: c.pad,
            dataFormat: 'NHWC',
            filterShape: wShape,
          },
        ) as tf.Tensor4D;
        expect(dw.shape).toEqual(wShape);
        const tolerance = {
          atol: 1e-4 * Math.sqrt(c.k * c.k * Math.max(c.inC, c.outC) * c.batch),
          rtol: 1e-4,
        };
        await expectAllClose(y, ref.y, { ...tolerance, label: 'forward' });
        await expectAllClose(dx, ref.dx, { ...tolerance, label: 'backprop input' });
        await expectAllClose(dw, ref.dw, { ...tolerance, label: 'backprop filter' });
        tf.dispose([x, w, dy, y, dx, dw]);
      });
    });
  }

  it('trains through tf.grads (gradient wiring of the project kernel)', async () => {
    const x = tf.tensor4d(seededValues(2 * 6 * 6 * 3, 7), [2, 6, 6, 3]);
    const w = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 8), [3, 3, 3, 4]);
    const [, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
    )([x, w]);
    const ones = tf.onesLike(tf.conv2d(x, w, 2, 'same'));
    const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 2, 1, 'same');
    const c: Case = { batch: 2, size: 6, inC: 3, outC: 4, k: 3, stride: 2, pad: 'same' };
    const ref = references(
      c,
      (await x.data()) as Float32Array,
      (await w.data()) as Float32Array,
      (await ones.data()) as Float32Array,
      info,
    );
    await expectAllClose(dw!, ref.dw, { label: 'dL/dw' });
    tf.dispose([x, w, dw!, ones]);
  });
});

/** A filter with (d − 1) zero taps between its taps: a dilated conv is a plain conv with it. */
function dilatedFilter(w: tf.Tensor4D, dilation: number): tf.Tensor4D {
  const [k, , inC, outC] = w.shape;
  const size = (k - 1) * dilation + 1;
  const values = w.arraySync();
  const zeros = () => Array.from({ length: inC }, () => new Array<number>(outC).fill(0));
  const rows = Array.from({ length: size }, () => Array.from({ length: size }, zeros));
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) rows[i * dilation]![j * dilation] = values[i]![j]!;
  return tf.tensor4d(rows);
}

describeBackends('dilated and fused convolutions', () => {
  const x = () => tf.tensor4d(seededValues(2 * 9 * 9 * 5, 21), [2, 9, 9, 5]);
  const w = () => tf.tensor4d(seededValues(3 * 3 * 5 * 6, 22), [3, 3, 5, 6]);

  for (const [dilation, pad] of [
    [2, 'same'],
    [3, 'valid'],
  ] as const) {
    it(`dilation ${dilation}, ${pad}: the conv with the zero-dilated filter`, async () => {
      await expectNoLeaks(async () => {
        const [xs, ws] = [x(), w()];
        const wide = dilatedFilter(ws, dilation);
        const y = tf.conv2d(xs, ws, 1, pad, 'NHWC', dilation);
        const expected = tf.conv2d(xs, wide, 1, pad);
        await expectAllClose(y, await expected.data(), { label: `dilation ${dilation}` });
        tf.dispose([xs, ws, wide, y, expected]);
      });
    });
  }

  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
  for (const activation of activations) {
    it(`fused conv, ${activation}: conv + bias, then the activation`, async () => {
      await expectNoLeaks(async () => {
        const [xs, ws] = [x(), w()];
        const bias = tf.tensor1d(seededValues(6, 23));
        const alpha = tf.tensor1d(seededValues(6, 24));
        const y = tf.fused.conv2d({
          x: xs,
          filter: ws,
          strides: 2,
          pad: 'same',
          bias,
          activation,
          preluActivationWeights: activation === 'prelu' ? alpha : undefined,
          leakyreluAlpha: 0.3,
        });
        const expected = tf.tidy(() => {
          const z = tf.add(tf.conv2d(xs, ws, 2, 'same'), bias);
          const applied: Record<(typeof activations)[number], () => tf.Tensor> = {
            linear: () => z,
            relu: () => tf.relu(z),
            relu6: () => tf.relu6(z),
            elu: () => tf.elu(z),
            sigmoid: () => tf.sigmoid(z),
            leakyrelu: () => tf.leakyRelu(z, 0.3),
            prelu: () => tf.prelu(z, alpha),
          };
          return applied[activation]();
        });
        await expectAllClose(y, await expected.data(), { label: activation });
        tf.dispose([xs, ws, bias, alpha, y, expected]);
      });
    });
  }
});

describeBackends(
  'NCHW convolutions (the project kernels hand them to the stock ones)',
  () => {
    it('forward, backprop input and filter equal the NHWC ones, transposed', async () => {
      const xs = tf.tensor4d(seededValues(2 * 7 * 7 * 3, 31), [2, 7, 7, 3]);
      const ws = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 32), [3, 3, 3, 4]);
      const loss = (format: 'NHWC' | 'NCHW') => (a: tf.Tensor, b: tf.Tensor) => {
        const input = (format === 'NCHW' ? tf.transpose(a, [0, 3, 1, 2]) : a) as tf.Tensor4D;
        const y = tf.conv2d(input, b as tf.Tensor4D, 2, 'same', format);
        const nhwc = format === 'NCHW' ? tf.transpose(y, [0, 2, 3, 1]) : y;
        return tf.sum(tf.mul(nhwc, tf.reshape(tf.range(1, nhwc.size + 1), nhwc.shape)));
      };
      const [dxNchw, dwNchw] = tf.grads(loss('NCHW'))([xs, ws]);
      const [dxNhwc, dwNhwc] = tf.grads(loss('NHWC'))([xs, ws]);
      await expectAllClose(dxNchw!, await dxNhwc!.data(), { label: 'dx' });
      await expectAllClose(dwNchw!, await dwNhwc!.data(), { label: 'dw' });
      tf.dispose([xs, ws, dxNchw!, dwNchw!, dxNhwc!, dwNhwc!]);
    });
  },
  { backends: ['cpu'] },
);
