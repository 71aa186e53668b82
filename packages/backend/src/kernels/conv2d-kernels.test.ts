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
