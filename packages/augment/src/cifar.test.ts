import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cifarTrainAugment } from './cifar';
import { createRng } from './rng';
import { noiseBatch, readBatch, valuesOn } from './test-support';
import { coarseDropout } from './transforms/coarse-dropout';
import { colorJitter } from './transforms/color-jitter';
import { compose } from './transforms/compose';
import { horizontalFlip } from './transforms/flip';
import { oneOf } from './transforms/one-of';
import { randomResizedCrop } from './transforms/random-resized-crop';

const CIFAR = { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] };

/** Every transform with random parameters at least once, so that no backend can drift unnoticed. */
const everything = () =>
  compose([
    cifarTrainAugment(CIFAR),
    oneOf([horizontalFlip(), coarseDropout({ holes: [1, 3], height: [2, 6], width: 4 })], 0.8),
    randomResizedCrop({ size: 24, interpolation: 'bilinear' }),
    colorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3 }),
  ]);

describeBackends(
  'seeded pipelines against cpu',
  (backend) => {
    it('give the same output on this backend as on cpu for the same seed', async () => {
      const input = () => noiseBatch([6, 32, 32, 3], 7);
      const run = () => tf.tidy(() => everything().apply(input(), createRng(2024)));
      const reference = await valuesOn('cpu', run);
      const here = await valuesOn(backend.name, run);
      await expectAllClose(here, reference, { atol: 1e-5 });
    });
  },
  // cpu is the reference: comparing it with itself would check nothing.
  { backends: ['wasm', 'webgpu'] },
);

describeBackends('seeded pipelines', () => {
  it('the CIFAR recipe keeps the shape, differs between seeds and leaves no tensors behind', async () => {
    const images = noiseBatch([8, 32, 32, 3], 3);
    const augment = cifarTrainAugment(CIFAR);
    await expectNoLeaks(async () => {
      const a = augment.apply(images, createRng(1));
      const b = augment.apply(images, createRng(2));
      expect(a.shape).toEqual([8, 32, 32, 3]);
      expect(Array.from(await a.data())).not.toEqual(Array.from(await b.data()));
      tf.dispose([a, b]);
    });
    images.dispose();
  });
});

describe('cifarTrainAugment', () => {
  it('is RandomCrop(32, 4) + Cutout 16 + Rotate ±5° on every image + Normalize', async () => {
    const recipe = cifarTrainAugment({ mean: 0.5, std: 0.25 });
    // White images: untouched pixels normalise to (1 − 0.5) / 0.25 = 2, the zeros of padding and
    // Cutout to −2. A 16×16 hole centred anywhere keeps ≥ 8×8 pixels inside, ≥ 7×7 after a ≤ 5° turn.
    const white = tf.ones([4, 32, 32, 3]) as tf.Tensor4D;
    const out = recipe.apply(white, createRng(3));
    const { data } = await readBatch(out);
    const pixels = 32 * 32 * 3;
    const holes: string[] = [];
    for (let n = 0; n < 4; n++) {
      const image = data.subarray(n * pixels, (n + 1) * pixels);
      expect(Math.max(...image)).toBe(2);
      expect(Math.min(...image)).toBe(-2);
      const zeroed = Array.from(image.keys()).filter((i) => image[i] === -2);
      expect(zeroed.length).toBeGreaterThanOrEqual(7 * 7 * 3);
      holes.push(zeroed.join());
    }
    expect(new Set(holes).size, 'each image gets its own crop and hole').toBe(4);
    tf.dispose([white, out]);
    expect(String(recipe)).toBe(
      "Compose(transforms=[RandomCrop(size=[32, 32], padding=4, padMode='constant', fill=0), " +
        'Cutout(size=[16, 16], holes=1, fill=0, p=1), ' +
        "Rotate(limit=[-5, 5], interpolation='bilinear', border='constant', fill=0, p=1), " +
        'Normalize(mean=0.5, std=0.25)])',
    );
  });

  it('asks for toFloat first when given int32 bytes', () => {
    const bytes = tf.zeros([1, 32, 32, 3], 'int32') as tf.Tensor4D;
    expect(() => cifarTrainAugment(CIFAR).apply(bytes, createRng(1))).toThrow(
      'RandomCrop: batch must be float32, got int32 (apply toFloat() first)',
    );
    bytes.dispose();
  });
});
