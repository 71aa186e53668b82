import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { input } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { addInverse } from './add-inverse';
import { encodeImage } from './encode-image';

describeBackends(
  'encodeImage / addInverse',
  () => {
    it('appends 1 − x to the three colour channels', async () => {
      const pixel = tf.tensor4d([0.2, 0.5, 1], [1, 1, 1, 3]);
      await expectAllClose(encodeImage(pixel), [0.2, 0.5, 1, 0.8, 0.5, 0]);
      await expectAllClose(addInverse().apply(pixel) as tf.Tensor, [0.2, 0.5, 1, 0.8, 0.5, 0]);
    });

    it('has a 6-channel output shape and rejects other than 3 channels, naming the layer', () => {
      const layer = addInverse({ name: 'encode' });
      expect((layer.apply(input({ shape: [4, 4, 3] })) as { shape: unknown }).shape).toEqual([null, 4, 4, 6]);
      expect(() => addInverse({ name: 'rgb' }).apply(input({ shape: [4, 4, 1] }))).toThrow(
        /AddInverse 'rgb': expected 3 input channels last/,
      );
      expect(() => encodeImage(tf.zeros([2, 2, 4]))).toThrow(
        /encodeImage: expected images with 3 channels last/,
      );
    });
  },
  CPU_ONLY,
);
