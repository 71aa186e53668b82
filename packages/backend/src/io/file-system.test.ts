import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { expectAllClose } from '../testing';

let dir: string;
beforeEach(async () => {
  await initBackend({ backend: 'cpu' });
  dir = await mkdtemp(join(tmpdir(), 'bcos-fs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function smallModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 2] });
  const conv = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' }).apply(input);
  const norm = tfl.layers.batchNormalization({ name: 'bn' }).apply(conv);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(norm);
  const out = tfl.layers.dense({ units: 4, name: 'fc' }).apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

describe('file:// model handler', () => {
  it('round-trips a model: same predictions, model.json + weights.bin, no temp files left', async () => {
    const model = smallModel();
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 3);
    const before = model.predict(x) as tf.Tensor;
    await model.save(`file://${dir}/m`);
    const loaded = await tfl.loadLayersModel(`file://${dir}/m/model.json`);
    const after = loaded.predict(x) as tf.Tensor;
    await expectAllClose(after, before, { atol: 1e-6, rtol: 1e-6 });
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(dir, 'm'))).sort()).toEqual(['model.json', 'weights.bin']);
    tf.dispose([x, before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('loads from a directory path too', async () => {
    const model = smallModel();
    await model.save(`file://${dir}`);
    const loaded = await tfl.loadLayersModel(`file://${dir}`);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
  });

  it('names a missing model.json', async () => {
    await expect(tfl.loadLayersModel(`file://${dir}/nope/model.json`)).rejects.toThrow(
      `model file not found: ${join(dir, 'nope', 'model.json')}`,
    );
  });

  it('names a malformed model.json', async () => {
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(tfl.loadLayersModel(`file://${dir}/model.json`)).rejects.toThrow(
      /model\.json is not valid JSON/,
    );
    await writeFile(join(dir, 'model.json'), '{"format": "layers-model"}');
    await expect(tfl.loadLayersModel(`file://${dir}/model.json`)).rejects.toThrow(/has no modelTopology/);
  });

  it('rejects a weights file of the wrong size, naming both files and sizes', async () => {
    const model = smallModel();
    await model.save(`file://${dir}`);
    const weights = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), weights.subarray(0, weights.length - 4));
    await expect(tfl.loadLayersModel(`file://${dir}/model.json`)).rejects.toThrow(
      new RegExp(
        `weights\\.bin hold ${weights.length - 4} bytes, but .*model\\.json describes ${weights.length} bytes`,
      ),
    );
  });

  it('names a missing weights file', async () => {
    const model = smallModel();
    await model.save(`file://${dir}`);
    await rm(join(dir, 'weights.bin'));
    await expect(tfl.loadLayersModel(`file://${dir}/model.json`)).rejects.toThrow(
      /weights file not found: .*weights\.bin/,
    );
  });
});
