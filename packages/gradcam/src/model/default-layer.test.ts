import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { GradCAM } from '../engine/grad-cam';
import { gradcam } from '../engine/gradcam';
import { randomImages } from '../test-models';
import { listCamLayers } from './list-cam-layers';

/**
 * A Keras-applications head: conv → 1×1 max pool (4-D) → flatten → dense. Seeded: with some random
 * weights every channel weight of the predicted class is negative and the map is rightly all 0.
 */
function pooledHeadModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  const kernelInitializer = tfl.initializers.glorotUniform({ seed: 1 });
  const conv = tfl.layers
    .conv2d({ name: 'last_conv', filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer })
    .apply(input);
  const pooled = tfl.layers.maxPooling2d({ name: 'pooled', poolSize: 6 }).apply(conv);
  const flat = tfl.layers.flatten({ name: 'flatten' }).apply(pooled);
  const output = tfl.layers
    .dense({ name: 'predictions', units: 3, kernelInitializer })
    .apply(flat) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'pooled_head' });
}

describeBackends(
  'default layer',
  () => {
    it('is the last layer larger than 1×1, not the pooled 1×1 tensor in front of Flatten, and the result names it', async () => {
      const model = pooledHeadModel();
      expect(listCamLayers(model).map(({ name, shape }) => `${name} [${shape}]`)).toEqual([
        'last_conv [,6,6,4]',
        'pooled [,1,1,4]',
      ]);
      expect(new GradCAM(model).layer.name).toBe('last_conv');
      const x = randomImages(2);
      const result = await gradcam(model, x);
      expect(result.layer).toBe('last_conv');
      expect(result.raw.shape).toEqual([2, 6, 6]);
      expect((await tf.max(result.cams).data())[0]).toBeGreaterThan(0);
      tf.dispose([x, result.cams, result.raw, result.logits]);
    });

    it('says when no layer is larger than 1×1', () => {
      const input = tfl.input({ shape: [1, 1, 3] });
      const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 1 }).apply(input);
      const output = tfl.layers
        .dense({ units: 2 })
        .apply(tfl.layers.flatten().apply(conv)) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: output, name: 'pixel' });
      expect(() => new GradCAM(model)).toThrow(
        /^layer: model 'pixel' has no layer with a \[batch, height, width, channels\] output larger than 1×1$/,
      );
    });
  },
  { backends: ['cpu'] },
);
