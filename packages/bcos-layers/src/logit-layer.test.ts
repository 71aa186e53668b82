import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { logitLayer } from './logit-layer';
import { CPU_ONLY } from './test-backends';

describeBackends(
  'logitLayer',
  () => {
    it('divides by the temperature and adds −log(C − 1) by default', async () => {
      const layer = logitLayer({ temperature: 2 });
      const y = layer.apply(tf.tensor2d([[2, 4, -6, 0, 1]])) as tf.Tensor;
      await expectAllClose(
        y,
        [1, 2, -3, 0, 0.5].map((v) => v - Math.log(4)),
      );
      expect(layer.bias).toBeCloseTo(-Math.log(4));
    });

    it('takes an explicit bias, also 0, and keeps it in its config', async () => {
      const layer = logitLayer({ bias: 0 });
      await expectAllClose(layer.apply(tf.tensor2d([[3, 1]])) as tf.Tensor, [3, 1]);
      expect(layer.getConfig()).toMatchObject({ temperature: 1, bias: 0 });
    });

    it('rejects a bad temperature and a default bias for fewer than two classes', () => {
      expect(() => logitLayer({ temperature: 0, name: 'out' })).toThrow(
        /LogitLayer 'out': temperature must be/,
      );
      expect(() => logitLayer({ name: 'one' }).apply(tf.zeros([2, 1]))).toThrow(
        /LogitLayer 'one': the default bias −log\(C − 1\) needs C ≥ 2/,
      );
    });
  },
  CPU_ONLY,
);
