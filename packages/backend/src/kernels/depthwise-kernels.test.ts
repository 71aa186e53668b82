/**
 * The depthwise convolution kernels gradients need (forward, backprop-input, backprop-filter) on
 * every backend, against a float64 reference written out as plain loops. wasm runs the project's
 * backprop kernels (tfjs-backend-wasm 4.22 has none); cpu and webgpu their stock ones.
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
  mult: number;
  k: number;
  stride: number;
  dilation: number;
  pad: Pad;
}

const EXPLICIT: Pad = [
  [0, 0],
  [1, 2],
  [2, 0],
  [0, 0],
];

/**
 * Kernel 1/3/5 × stride 1/2 × same/valid/explicit, multipliers 1/2. No dilation: tfjs-core's
 * depthwise gradient rejects dilation rates > 1, so the backprop kernels never see one (and the
 * stock cpu backprop-input ignores it).
 */
function grid(): Case[] {
  const cases: Case[] = [];
  let i = 0;
  for (const k of [1, 3, 5])
    for (const stride of [1, 2])
      for (const pad of ['same', 'valid', EXPLICIT] as Pad[]) {
        cases.push({
          batch: i % 3 === 0 ? 3 : 1,
          size: i % 2 === 0 ? 9 : 8,
          inC: [1, 3, 8][i % 3]!,
          mult: i % 2 === 0 ? 1 : 2,
          k,
          stride,
          dilation: 1,
          pad,
        });
        i++;
      }
  cases.push({ batch: 2, size: 14, inC: 32, mult: 1, k: 3, stride: 2, dilation: 1, pad: 'same' });
  return cases;
}

function name(c: Case): string {
  const pad = typeof c.pad === 'string' ? c.pad : 'explicit';
  return `k${c.k} s${c.stride} d${c.dilation} ${pad} x[${c.batch},${c.size},${c.size},${c.inC}] ×${c.mult}`;
}

function references(
  c: Case,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
) {
  const outC = c.inC * c.mult;
  const y = new Float64Array(dy.length);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  const { top, left } = info.padInfo;
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let i = 0; i < c.k; i++)
          for (let j = 0; j < c.k; j++) {
            const ih = oh * c.stride - top + i * c.dilation;
            const iw = ow * c.stride - left + j * c.dilation;
            if (ih < 0 || ih >= c.size || iw < 0 || iw >= c.size) continue;
            for (let ci = 0; ci < c.inC; ci++)
              for (let q = 0; q < c.mult; q++) {
                const xi = ((b * c.size + ih) * c.size + iw) * c.inC + ci;
                const wi = ((i * c.k + j) * c.inC + ci) * c.mult + q;
                const yi = ((b * info.outHeight + oh) * info.outWidth + ow) * outC + ci * c.mult + q;
                y[yi]! += x[xi]! * w[wi]!;
                dx[xi]! += w[wi]! * dy[yi]!;
                dw[wi]! += x[xi]! * dy[yi]!;
              }
          }
  return { y, dx, dw };
}

describeBackends('depthwise conv kernels on the grid', () => {
  for (const [index, c] of grid().entries()) {
    it(name(c), async () => {
      const xShape: [number, number, number, number] = [c.batch, c.size, c.size, c.inC];
      const wShape: [number, number, number, number] = [c.k, c.k, c.inC, c.mult];
      const info = tf.backend_util.computeConv2DInfo(
        xShape,
        wShape,
        c.stride,
        c.dilation,
        c.pad,
        undefined,
        true,
      );
      const dyShape: [number, number, number, number] = [
        c.batch,
        info.outHeight,
        info.outWidth,
        c.inC * c.mult,
      ];
      const size = (shape: number[]) => shape.reduce((a, b) => a * b);
      const [xv, wv, dyv] = [
        seededValues(size(xShape), 3 * index + 1),
        seededValues(size(wShape), 3 * index + 2),
        seededValues(size(dyShape), 3 * index + 3),
      ];
      const ref = references(c, xv, wv, dyv, info);
      await expectNoLeaks(async () => {
        const x = tf.tensor4d(xv, xShape);
        const w = tf.tensor4d(wv, wShape);
        const dy = tf.tensor4d(dyv, dyShape);
        const attrs = { strides: c.stride, dilations: c.dilation, pad: c.pad };
        const y = tf.depthwiseConv2d(x, w, c.stride, c.pad, 'NHWC', c.dilation);
        const dx = tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: w },
          {
            ...attrs,
            inputShape: xShape,
          },
        ) as tf.Tensor4D;
        const dw = tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x, dy },
          {
            ...attrs,
            filterShape: wShape,
          },
        ) as tf.Tensor4D;
        expect([dx.shape, dw.shape]).toEqual([xShape, wShape]);
        const tolerance = { atol: 1e-4 * Math.sqrt(c.k * c.k * c.mult * c.batch * c.size), rtol: 1e-4 };
        await expectAllClose(y, ref.y, { ...tolerance, label: 'forward' });
        await expectAllClose(dx, ref.dx, { ...tolerance, label: 'backprop input' });
        await expectAllClose(dw, ref.dw, { ...tolerance, label: 'backprop filter' });
        tf.dispose([x, w, dy, y, dx, dw]);
      });
    });
  }

  it('differentiates a depthwise conv through tf.grads (gradient wiring)', async () => {
    const c: Case = { batch: 2, size: 6, inC: 3, mult: 2, k: 3, stride: 2, dilation: 1, pad: 'same' };
    const x = tf.tensor4d(seededValues(2 * 6 * 6 * 3, 7), [2, 6, 6, 3]);
    const w = tf.tensor4d(seededValues(3 * 3 * 3 * 2, 8), [3, 3, 3, 2]);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
    )([x, w]);
    const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 2, 1, 'same', undefined, true);
    const ones = new Float32Array(2 * info.outHeight * info.outWidth * 6).fill(1);
    const ref = references(c, (await x.data()) as Float32Array, (await w.data()) as Float32Array, ones, info);
    await expectAllClose(dx!, ref.dx, { label: 'dL/dx' });
    await expectAllClose(dw!, ref.dw, { label: 'dL/dw' });
    tf.dispose([x, w, dx!, dw!]);
  });
});
