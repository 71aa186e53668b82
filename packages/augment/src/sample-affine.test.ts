import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { BORDERS, INTERPOLATIONS, sampleAffine } from './sample-affine';
import { noiseBatch, referenceSample } from './test-support';

/**
 * Two images, each with its own map: a shear with a shift, and a zoom-out reaching past every
 * border. No source coordinate lies within 0.02 of a rounding tie, where float32 and float64 may
 * round apart.
 */
const MATRICES = [
  [0.9, 0.35, -1.27, -0.2, 1.1, 0.63],
  [1.7, 0, -3.37, 0, 1.55, -2.93],
];

describeBackends('sampleAffine', () => {
  for (const interpolation of INTERPOLATIONS) {
    for (const border of BORDERS) {
      it(`${interpolation}, border ${border}: matches a per-pixel loop`, async () => {
        const images = noiseBatch([2, 5, 6, 2], 3);
        const out = sampleAffine(images, {
          matrices: MATRICES.flat(),
          outHeight: 4,
          outWidth: 7,
          interpolation,
          border,
          fill: [0.25, -2],
        });
        const data = await images.data();
        const expected = MATRICES.map((m, n) =>
          [0, 1].map((c) =>
            referenceSample(
              data.filter((_, i) => i % 2 === c).slice(n * 30, n * 30 + 30),
              [5, 6, 1],
              [4, 7],
              (x, y) => [m[0]! * x + m[1]! * y + m[2]!, m[3]! * x + m[4]! * y + m[5]!],
              { interpolation, border, fill: c === 0 ? 0.25 : -2 },
            ),
          ),
        );
        // Interleave the per-channel references back into NHWC.
        const interleaved = expected.flatMap(([c0, c1]) => Array.from(c0!).flatMap((v, i) => [v, c1![i]!]));
        await expectAllClose(out, interleaved, { atol: 1e-5 });
        tf.dispose([images, out]);
      });
    }
  }

  it('edge border within per-image windows reads only the window', async () => {
    const images = noiseBatch([2, 6, 6, 1], 5);
    const windows = [
      [1, 2, 3, 2],
      [0, 0, 6, 6],
    ];
    const out = sampleAffine(images, {
      matrices: [1, 0, 1, 0, 1, 0, 1.5, 0, -1, 0, 1.5, -1],
      windows: windows.flat(),
      outHeight: 4,
      outWidth: 4,
      interpolation: 'bilinear',
      border: 'edge',
      fill: [0],
    });
    const data = await images.data();
    const expected = windows.flatMap(([top, left, height, width], n) => {
      const crop: number[] = [];
      for (let y = 0; y < height!; y++)
        for (let x = 0; x < width!; x++) crop.push(data[n * 36 + (top! + y) * 6 + left! + x]!);
      const source: (x: number, y: number) => [number, number] =
        n === 0 ? (x, y) => [x + 1 - left!, y - top!] : (x, y) => [1.5 * x - 1, 1.5 * y - 1];
      return Array.from(
        referenceSample(crop, [height!, width!, 1], [4, 4], source, {
          interpolation: 'bilinear',
          border: 'edge',
          fill: 0,
        }),
      );
    });
    await expectAllClose(out, expected, { atol: 1e-5 });
    tf.dispose([images, out]);
  });

  it('leaves no tensors behind and rejects windows with a constant border', async () => {
    const images = noiseBatch([1, 3, 3, 1]);
    await expectNoLeaks(() => {
      const sampling = { matrices: [1, 0, 0.5, 0, 1, 0], outHeight: 3, outWidth: 3, fill: [0] } as const;
      tf.dispose(sampleAffine(images, { ...sampling, interpolation: 'bilinear', border: 'reflect' }));
      tf.dispose(sampleAffine(images, { ...sampling, interpolation: 'nearest', border: 'constant' }));
    });
    expect(() =>
      sampleAffine(images, {
        matrices: [1, 0, 0, 0, 1, 0],
        windows: [0, 0, 3, 3],
        outHeight: 3,
        outWidth: 3,
        interpolation: 'nearest',
        border: 'constant',
        fill: [0],
      }),
    ).toThrow(/windows apply to borders 'edge' and 'reflect'/);
    expect(() =>
      sampleAffine(images, {
        matrices: [1, 0, 0],
        outHeight: 3,
        outWidth: 3,
        interpolation: 'nearest',
        border: 'edge',
        fill: [0],
      }),
    ).toThrow(/need 6 numbers per image \(6\), got 3/);
    const rgb = noiseBatch([1, 3, 3, 3]);
    expect(() =>
      sampleAffine(rgb, {
        matrices: [1, 0, 0, 0, 1, 0],
        outHeight: 3,
        outWidth: 3,
        interpolation: 'nearest',
        border: 'constant',
        fill: [0, 1],
      }),
    ).toThrow('sampleAffine: fill needs 1 or 3 values, got 2');
    rgb.dispose();
    images.dispose();
  });
});
