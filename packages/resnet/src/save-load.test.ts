import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import { encodeImage } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { resnet18 } from './resnet18';

// Serialisation does not depend on the backend; cpu and wasm keep the software-GPU run short.
describeBackends(
  'save and load through file://',
  () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'bcos-resnet-'));
    });
    afterAll(() => rm(directory, { recursive: true, force: true }));

    async function expectSameOutputs(model: LayersModel, images: tf.Tensor, name: string): Promise<void> {
      await model.save(`file://${join(directory, name)}`);
      const loaded = await loadLayersModel(`file://${join(directory, name, 'model.json')}`);
      expect(loaded.layers.map((layer) => layer.name)).toEqual(model.layers.map((layer) => layer.name));
      const [before, after] = [model.predict(images), loaded.predict(images)] as tf.Tensor[];
      await expectAllClose(after!, before!, { atol: 1e-6, rtol: 1e-6, label: name });
      tf.dispose([before!, after!, images]);
      loaded.dispose();
      model.dispose();
    }

    it('batch-norm ResNet-18 with trained moving statistics (ImageNet stem)', async () => {
      const model = resnet18({
        stem: 'imagenet',
        norm: 'batch',
        classes: 4,
        inputShape: [32, 32, 3],
        width: 4,
      });
      const images = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3);
      tf.dispose(model.apply(images, { training: true }) as tf.Tensor);
      await expectSameOutputs(model, images, 'batch');
    });

    it('LayerNorm ResNet-18', async () => {
      const model = resnet18({ stem: 'cifar', norm: 'layer', classes: 4, inputShape: [8, 8, 3], width: 4 });
      await expectSameOutputs(model, tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 4), 'layer');
    });

    it('B-cos ResNet-18 with MaxOut, temperature and a centered position norm', async () => {
      const model = bcosResnet18({
        stem: 'imagenet',
        classes: 3,
        inputShape: [32, 32, 6],
        width: 4,
        maxOut: 2,
        logitTemperature: 0.5,
        norm: { kind: 'position', centered: true },
      });
      const images = tf.tidy(() => encodeImage(tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 5)));
      await expectSameOutputs(model, images, 'bcos');
    });
  },
  { backends: ['cpu', 'wasm'] },
);
