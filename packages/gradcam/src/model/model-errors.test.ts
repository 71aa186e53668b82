import { describeBackends } from '@bcos/backend/testing';
import { GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { explain } from '../engine/explain';
import { FullGrad } from '../engine/full-grad';
import { GradCAM } from '../engine/grad-cam';
import { gradcam } from '../engine/gradcam';
import { deepFeatureFactorization } from '../factorization/deep-feature-factorization';
import { guidedBackprop } from '../guided/guided-backprop';
import { camMultImageConfidenceChange } from '../metrics/cam-mult-image';
import { maskLocalisation } from '../metrics/mask-localisation';
import { roadScores } from '../metrics/road';
import { classifierOutputTarget } from '../targets/target-functions';
import { fixtureTwins } from '../test-graph-fixtures';
import { imagesFor } from '../test-graph-models';
import { randomImages, residualModel } from '../test-models';

describeBackends(
  'model and input errors',
  () => {
    it('names what is not a model, not an image batch, disposed or not finite', async () => {
      const model = residualModel();
      const x = randomImages(1);
      await expect(gradcam(null as unknown as tfl.LayersModel, x)).rejects.toThrow(
        /^model: expected a tfjs LayersModel or GraphModel, got null$/,
      );
      await expect(gradcam({} as tfl.LayersModel, x)).rejects.toThrow(/got an object \(Object\)/);
      const nested = [[[[0.5, 0.5, 0.5]]]] as unknown as tf.Tensor4D;
      await expect(gradcam(model, nested)).rejects.toThrow(
        /^images: expected a tf.Tensor4D \[N, 8, 8, 3\] for model 'residual', got an array of 1$/,
      );
      const disposed = randomImages(1);
      disposed.dispose();
      await expect(gradcam(model, disposed)).rejects.toThrow(/^images: the tensor has been disposed$/);
      const withNaN = tf.tidy(() =>
        tf.where(tf.equal(tf.reshape(tf.range(0, 192), [1, 8, 8, 3]), 7), NaN, x),
      ) as tf.Tensor4D;
      await expect(gradcam(model, withNaN)).rejects.toThrow(/^images: contain NaN or infinite values$/);
      tf.dispose([x, withNaN]);
    });

    it('names bad input to FullGrad, guided backpropagation, DFF and the metrics', async () => {
      const model = residualModel();
      const x = randomImages(2);
      const withNaN = tf.fill([2, 8, 8, 3], Number.NaN) as tf.Tensor4D;
      const cams = tf.ones([2, 8, 8]) as tf.Tensor3D;
      const disposed = tf.ones([2, 8, 8]) as tf.Tensor3D;
      disposed.dispose();
      const notFinite = /^images: contain NaN or infinite values$/;
      await expect(explain(model, withNaN, { method: 'fullgrad' })).rejects.toThrow(notFinite);
      await expect(guidedBackprop(model, withNaN)).rejects.toThrow(notFinite);
      await expect(deepFeatureFactorization(model, withNaN)).rejects.toThrow(notFinite);
      const notAModel = /^model: expected a tfjs LayersModel or GraphModel, got null$/;
      expect(() => new FullGrad(null as unknown as tfl.LayersModel)).toThrow(notAModel);
      await expect(guidedBackprop(null as unknown as tfl.LayersModel, x)).rejects.toThrow(notAModel);
      const { graph } = await fixtureTwins('mobile-residual'); // two outputs: not asked which
      await expect(deepFeatureFactorization(graph as never, x)).rejects.toThrow(
        /^model: Deep Feature Factorization needs a LayersModel .* is a GraphModel$/,
      );
      await expect(camMultImageConfidenceChange(model, x, disposed)).rejects.toThrow(
        /^camMultImageConfidenceChange: cams: the tensor has been disposed$/,
      );
      await expect(roadScores(model, x, [[1]] as unknown as tf.Tensor3D)).rejects.toThrow(
        /^roadScores: maps must be a tf.Tensor, got an array of 1$/,
      );
      await expect(maskLocalisation(cams, disposed)).rejects.toThrow(
        /^maskLocalisation: masks: the tensor has been disposed$/,
      );
      tf.dispose([x, withNaN, cams]);
      graph.dispose();
    });

    it('says a class index is not an integer rather than out of range', async () => {
      const cam = new GradCAM(residualModel(), { layer: 'inner' });
      const x = randomImages(2);
      await expect(cam.compute(x, { targets: [0, 1.5] })).rejects.toThrow(
        /^targets: class 1.5 for image 1 is not an integer class index$/,
      );
      await expect(cam.compute(x, { targets: classifierOutputTarget(0.5) })).rejects.toThrow(
        /class 0.5 is not an integer/,
      );
      x.dispose();
    });

    it('lists a layer called twice once among the candidates', () => {
      const shared = tfl.layers.conv2d({ name: 'shared', filters: 3, kernelSize: 1 });
      const input = tfl.input({ shape: [4, 4, 3] });
      const twice = shared.apply(shared.apply(input)) as tfl.SymbolicTensor;
      const output = tfl.layers
        .dense({ units: 2 })
        .apply(tfl.layers.flatten().apply(twice)) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: output, name: 'twice' });
      expect(() => new GradCAM(model, { layer: 'nope' })).toThrow(/\(layers with 4-D outputs: shared\)$/);
    });

    it('names a GraphModel that is not loaded, a missing node, a Layer object, and an output to choose', async () => {
      const unloaded = new GraphModel('file:///nowhere/model.json');
      const x = randomImages(1);
      await expect(gradcam(unloaded, x)).rejects.toThrow(
        /^model: GraphModel 'file:\/\/\/nowhere\/model.json' is not loaded \(await model.load\(\) first\)$/,
      );
      const { graph, layers } = await fixtureTwins('mobile-residual');
      expect(() => new GradCAM(graph)).toThrow(
        /^model: 'GraphModel' has 2 outputs; pass the `output` option to choose the one Grad-CAM explains$/,
      );
      expect(() => new GradCAM(graph, { output: 'softmax' })).toThrow(
        /^output: 'softmax' is not an output of model 'GraphModel' \(outputs: 0 'logits', 1 'aux'\)$/,
      );
      expect(() => new GradCAM(graph, { output: 0, layer: 'conv9' })).toThrow(
        /^layer: no node named 'conv9' that the output 'logits' of model 'GraphModel' depends on \(nodes with 4-D outputs: stem, expand_dw, .*, head\)$/,
      );
      expect(() => new GradCAM(graph, { output: 'aux', layer: 'head' })).toThrow(
        /no node named 'head' that the output 'aux'/,
      );
      expect(() => new GradCAM(graph, { output: 0, layer: layers.layers[1]! })).toThrow(
        /^layer: model 'GraphModel' is a GraphModel; name the layer by its node name \(a string\), not a Layer$/,
      );
      expect(() => new GradCAM(layers)).toThrow(
        /^model: 'mobile_residual' has 2 outputs; pass the `output` option/,
      );
      const images = imagesFor(layers, 1);
      const aux = await gradcam(graph, images, { output: 'aux', layer: 'stem' });
      expect(aux.logits.shape).toEqual([1, 3]);
      tf.dispose([x, images, aux.cams, aux.raw, aux.logits]);
      graph.dispose();
    });
  },
  { backends: ['cpu'] },
);
