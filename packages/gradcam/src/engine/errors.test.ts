import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { randomImages, residualModel, residualParts } from '../test-models';
import { GradCAM } from './grad-cam';
import { gradcam } from './gradcam';

describeBackends(
  'GradCAM input errors',
  () => {
    it('names a layer that is missing, ambiguous, not spatial, or not in the graph', () => {
      const parts = residualParts();
      const model = residualModel(parts);
      expect(() => new GradCAM(model, { layer: 'conv9' })).toThrow(
        /layer: no layer named 'conv9' in model 'residual' \(layers with 4-D outputs: stem, stem_relu, inner, skip_add, block_relu, head\)/,
      );
      expect(() => new GradCAM(model, { layer: 'fc' })).toThrow(
        /layer: 'fc' outputs shape \[,3\]; a CAM needs a 4-D/,
      );
      const stranger = tfl.layers.conv2d({ name: 'stranger', filters: 1, kernelSize: 1 });
      expect(() => new GradCAM(model, { layer: stranger })).toThrow(
        /layer: 'stranger' is not part of the graph of model 'residual'/,
      );
      expect(() => new GradCAM(model, { method: 'smoothcam' as 'gradcam' })).toThrow(
        /method: unknown CAM method 'smoothcam'/,
      );
    });

    it('names a layer applied twice', () => {
      const shared = tfl.layers.conv2d({ name: 'shared', filters: 3, kernelSize: 1 });
      const input = tfl.input({ shape: [4, 4, 3] });
      const twice = shared.apply(shared.apply(input)) as tfl.SymbolicTensor;
      const output = tfl.layers
        .dense({ units: 2 })
        .apply(tfl.layers.flatten().apply(twice)) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: output, name: 'twice' });
      expect(() => new GradCAM(model, { layer: 'shared' })).toThrow(
        /layer: 'shared' is called 2 times in a forward pass/,
      );
    });

    it('rejects models that are not [batch, classes] classifiers', () => {
      const input = tfl.input({ shape: [4, 4, 3] });
      const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
      const segmenter = tfl.model({ inputs: input, outputs: conv, name: 'segmenter' });
      expect(() => new GradCAM(segmenter)).toThrow(
        /model: the output of 'segmenter' has shape \[,4,4,2\]; Grad-CAM needs \[batch, classes\]/,
      );
    });

    it('names images of the wrong size, rank or type', async () => {
      const model = residualModel();
      const wrongSize = randomImages(1, 1, 9);
      await expect(gradcam(model, wrongSize)).rejects.toThrow(
        /images: expected \[N, 8, 8, 3\] for model 'residual', got shape \[1,9,9,3\]/,
      );
      const single = tf.zeros([8, 8, 3]) as unknown as tf.Tensor4D;
      await expect(gradcam(model, single)).rejects.toThrow(/images: expected a batch \[N, 8, 8, 3\]/);
      const ints = tf.zeros([1, 8, 8, 3], 'int32') as tf.Tensor4D;
      await expect(gradcam(model, ints)).rejects.toThrow(/images: expected float32, got int32/);
      const x = randomImages(1);
      await expect(gradcam(model, x, { method: 'scorecam', batchSize: 0 })).rejects.toThrow(
        /batchSize: expected a positive integer, got 0/,
      );
      tf.dispose([wrongSize, single, ints, x]);
    });
  },
  { backends: ['cpu'] },
);
