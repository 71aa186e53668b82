import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { loadTorchWeights } from './load-torch-weights';
import { readSafetensors } from './read-safetensors';
import { resnet18 } from './resnet18';
import { OFFICIAL_FIXTURES } from './test-official-fixture';
import { encodeSafetensors, float32Tensor, type RawTensor } from './test-safetensors';
import { setKnownWeights, torchvisionStateDict } from './test-torch-state-dict';

const plainOptions = {
  stem: 'imagenet',
  norm: 'batch',
  classes: 5,
  inputShape: [32, 32, 3],
  width: 4,
} as const;

async function weightValues(model: LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));
}

describeBackends(
  'loadTorchWeights',
  () => {
    let source: LayersModel;
    let stateDict: Record<string, RawTensor>;
    beforeAll(async () => {
      source = resnet18(plainOptions);
      setKnownWeights(source);
      stateDict = await torchvisionStateDict(source);
    });

    it("round trip: our model's weights, written with torchvision's 122 keys and layouts, load into a fresh model", async () => {
      expect(Object.keys(stateDict)).toHaveLength(122);
      expect(stateDict['layer2.0.downsample.0.weight']?.shape).toEqual([8, 4, 1, 1]);
      expect(stateDict['fc.weight']?.shape).toEqual([5, 32]);
      const target = resnet18(plainOptions);
      const result = await loadTorchWeights(target, encodeSafetensors(stateDict), { mapping: 'torchvision' });
      expect(result.loaded).toHaveLength(102);
      expect(result.ignored).toHaveLength(20);
      const [expected, actual] = [await weightValues(source), await weightValues(target)];
      expect(actual).toEqual(expected);
      const images = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 9);
      const [a, b] = [source.predict(images), target.predict(images)] as tf.Tensor[];
      await expectAllClose(b!, a!, { atol: 0, rtol: 0 });
      tf.dispose([images, a!, b!]);
      target.dispose();
    });

    it('round trip: converts bfloat16 state_dicts (truncated float32 values)', async () => {
      const halves: Record<string, RawTensor> = {};
      for (const [key, tensor] of Object.entries(stateDict)) {
        if (tensor.dtype !== 'F32') {
          halves[key] = tensor;
          continue;
        }
        const bits = new Uint32Array(tensor.bytes.slice().buffer);
        const upperHalves = Uint16Array.from(bits, (b) => b >>> 16);
        halves[key] = { dtype: 'BF16', shape: tensor.shape, bytes: new Uint8Array(upperHalves.buffer) };
      }
      const target = resnet18(plainOptions);
      await loadTorchWeights(target, encodeSafetensors(halves), { mapping: 'torchvision' });
      const [expected, actual] = [await weightValues(source), await weightValues(target)];
      for (const [i, values] of actual.entries()) {
        await expectAllClose(values, expected[i]!, {
          atol: 0,
          rtol: 2 ** -7,
          label: target.weights[i]!.originalName,
        });
      }
      target.dispose();
    });

    it('lists every unknown, missing, mismatched and undecodable key in one error and loads nothing', async () => {
      const { 'layer3.1.bn2.running_var': _dropped, ...rest } = stateDict;
      const broken = encodeSafetensors({
        ...rest,
        'fc.weight': float32Tensor([5, 16], new Float32Array(80)),
        'layer1.0.bn1.weight': { dtype: 'U8', shape: [4], bytes: new Uint8Array(4) },
        'head.weight': float32Tensor([1], [0]),
      });
      const target = resnet18(plainOptions);
      const before = await weightValues(target);
      const failure = loadTorchWeights(target, broken, { mapping: 'torchvision' });
      await expect(failure).rejects.toThrow(
        /does not fit model 'resnet18_imagenet_batch' under the torchvision mapping; nothing was loaded/,
      );
      await expect(failure).rejects.toThrow(
        /missing keys \(1\):\n {4}layer3\.1\.bn2\.running_var \[16\] for layer3\.1\.bn2\/moving_variance/,
      );
      await expect(failure).rejects.toThrow(/unknown keys \(1\):\n {4}head\.weight/);
      await expect(failure).rejects.toThrow(
        /shape mismatches \(1\):\n {4}fc\.weight is \[5, 16\], fc\/kernel needs \[5, 32\]/,
      );
      await expect(failure).rejects.toThrow(
        /dtypes that are no float weights \(1\):\n {4}layer1\.0\.bn1\.weight is U8/,
      );
      const after = await weightValues(target);
      expect(after).toEqual(before);
      target.dispose();
    });

    it('rejects an unknown mapping by name', async () => {
      const target = resnet18(plainOptions);
      await expect(
        loadTorchWeights(target, encodeSafetensors(stateDict), { mapping: 'timm' as never }),
      ).rejects.toThrow(
        /loadTorchWeights: option mapping must be 'bcos-v2' or 'torchvision' or a TorchMapping, got "timm"/,
      );
      target.dispose();
    });

    it("official B-cos v2 checkpoints: ignores the uncentered batch norm's unused running_mean", async () => {
      const fixture = OFFICIAL_FIXTURES.find((f) => f.name.includes('imagenet'))!;
      const model = bcosResnet18(fixture.options);
      const { loaded, ignored } = await loadTorchWeights(model, await readSafetensors(fixture.safetensors), {
        mapping: 'bcos-v2',
      });
      expect(loaded).toContain('conv1.linear.weight');
      expect(loaded).toContain('layer4.0.downsample.1.running_var');
      expect(ignored.filter((key) => key.endsWith('.running_mean'))).toHaveLength(20);
      expect(ignored.filter((key) => key.endsWith('.num_batches_tracked'))).toHaveLength(20);
      model.dispose();
    });

    it('refuses an official checkpoint for a model of another width or norm', async () => {
      const fixture = OFFICIAL_FIXTURES.find((f) => f.name.includes('cifar'))!;
      const narrow = bcosResnet18({ ...fixture.options, width: 8 });
      await expect(
        loadTorchWeights(narrow, await readSafetensors(fixture.safetensors), { mapping: 'bcos-v2' }),
      ).rejects.toThrow(
        /shape mismatches \(41\):\n {4}conv1\.linear\.weight is \[16, 6, 3, 3\], conv1\/kernel needs \[8, 6, 3, 3\]/,
      );
      const batchNorm = bcosResnet18({ ...fixture.options, norm: 'batch' });
      await expect(
        loadTorchWeights(batchNorm, await readSafetensors(fixture.safetensors), { mapping: 'bcos-v2' }),
      ).rejects.toThrow(/missing keys \(20\):\n {4}bn1\.running_var \[16\] for bn1\/moving_variance/);
      narrow.dispose();
      batchNorm.dispose();
    });
  },
  { backends: ['cpu'] },
);
