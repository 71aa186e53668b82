/** A model holding every layer type survives `model.save('file://…')` and `tf.loadLayersModel`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerFileSystem } from '@bcos/backend/node';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import {
  input,
  type LayersModel,
  layers,
  loadLayersModel,
  model,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import { afterAll, expect, it } from 'vitest';
import { bcosConv2d } from './bcos/bcos-conv2d';
import { bcosDense } from './bcos/bcos-dense';
import { addInverse } from './encoding/add-inverse';
import { encodeImage } from './encoding/encode-image';
import { explain } from './explain/explain';
import { logitLayer } from './logit-layer';
import { batchNorm2d } from './norms/batch-norm-2d';
import { groupNorm2d, layerNorm2d } from './norms/group-norm-2d';
import { positionNorm2d } from './norms/position-norm-2d';
import { CPU_ONLY } from './test-backends';

/** 6-channel B-cos network with every layer and norm kind and a residual add. */
function classifier(): LayersModel {
  const x = input({ shape: [8, 8, 6] });
  const chain = (t: SymbolicTensor, ...steps: layers.Layer[]) =>
    steps.reduce((acc, step) => step.apply(acc) as SymbolicTensor, t);
  const stem = chain(
    x,
    bcosConv2d({ filters: 6, kernelSize: 3, padding: 'same', dilationRate: 2 }),
    batchNorm2d({ centered: true, bias: true }),
  );
  const branch = chain(
    stem,
    bcosConv2d({ filters: 6, kernelSize: 3, padding: 'same', b: 1.5, maxOut: 2 }),
    layerNorm2d(),
  );
  const merged = layers.add().apply([stem, branch]) as SymbolicTensor;
  const logits = chain(
    merged,
    groupNorm2d({ groups: 3, centered: true }),
    positionNorm2d({ affine: false }),
    bcosConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }),
    batchNorm2d(),
    layers.globalAveragePooling2d({}),
    bcosDense({ units: 3, maxOut: 2, b: 2.5 }),
    logitLayer({ temperature: 2 }),
  );
  return model({ inputs: x, outputs: logits, name: 'classifier' });
}

/** RGB in, through addInverse, into the nested classifier. */
function wholeModel(): LayersModel {
  const rgb = input({ shape: [8, 8, 3] });
  const logits = classifier().apply(addInverse().apply(rgb)) as SymbolicTensor;
  return model({ inputs: rgb, outputs: logits });
}

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

// Saving and loading do not depend on the backend; cpu keeps the suite short.
describeBackends(
  'save and load through file://',
  () => {
    it('gives the same predictions and the same explanations', async () => {
      registerFileSystem();
      const original = wholeModel();
      const images = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 8);
      for (let step = 0; step < 2; step++)
        tf.dispose(original.apply(images, { training: true }) as tf.Tensor);
      const directory = await mkdtemp(join(tmpdir(), 'bcos-layers-'));
      directories.push(directory);
      await original.save(`file://${directory}`);
      const loaded = await loadLayersModel(`file://${join(directory, 'model.json')}`);

      expect(loaded.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'AddInverse', 'Model']);
      const names = original.weights.map((w) => w.name.split('/').pop());
      expect(new Set(names)).toEqual(new Set(['kernel', 'gamma', 'beta', 'moving_mean', 'moving_variance']));
      await expectAllClose(loaded.predict(images) as tf.Tensor, original.predict(images) as tf.Tensor, {
        label: 'predictions',
      });
      const encoded = encodeImage(images);
      const before = await explain(original.layers[2]!, encoded);
      const after = await explain(loaded.layers[2]!, encoded);
      expect(after.classIndex).toEqual(before.classIndex);
      await expectAllClose(after.weights, before.weights, { label: 'W(x)' });
      await expectAllClose(after.rgba, before.rgba, { label: 'rgba' });
    });
  },
  CPU_ONLY,
);
