import { describeBackends } from '@bcos/backend/testing';
import { encodeImage } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import { model as functionalModel, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { summary } from './summary';
import { RESNET18_WEIGHTED_LAYERS, weightedLayerNames, withModel } from './test-models';

function withBcos<T>(
  options: Parameters<typeof bcosResnet18>[0],
  body: (model: LayersModel) => T,
): Promise<T> {
  return withModel(() => bcosResnet18(options), body);
}

describeBackends(
  'bcosResnet18 structure',
  () => {
    it('ImageNet stem, 1000 classes: B-cos convs on 6 channels, γ-only uncentered batch norms, 1×1 B-cos classifier', () => {
      return withBcos({ stem: 'imagenet', classes: 1000, inputShape: [224, 224, 6] }, (model) => {
        const { trainable, nonTrainable } = summary(model);
        // torchvision's 11,689,512 − conv1 on 3 channels (9,408) + on 6 (18,816) − β (4,800) − fc bias (1,000).
        expect(trainable).toBe(11_693_120);
        expect(nonTrainable).toBe(4_800);
        expect(model.getLayer('fc').getClassName()).toBe('BcosConv2d');
        expect(model.getLayer('fc').weights[0]!.shape).toEqual([1, 1, 512, 1000]);
        expect(model.getLayer('bn1').weights.map((w) => w.name.split('/').pop())).toEqual([
          'gamma',
          'moving_variance',
        ]);
      });
    });

    it("uses PyTorch's names, no ReLU, average pooling in the stem and the logit layer last", () => {
      return withBcos({ stem: 'imagenet', classes: 10, inputShape: [64, 64, 6], width: 4 }, (model) => {
        expect(weightedLayerNames(model).sort()).toEqual([...RESNET18_WEIGHTED_LAYERS].sort());
        const classes = model.layers.map((layer) => layer.getClassName());
        expect(classes).not.toContain('ReLU');
        expect(classes).not.toContain('MaxPooling2D');
        expect(model.getLayer('pool').getClassName()).toBe('AveragePooling2D');
        expect(model.getLayer('pool.pad').getClassName()).toBe('ZeroPadding2D');
        const order = model.layers.map((layer) => layer.name).slice(-3);
        expect(order).toEqual(['fc', 'avgpool', 'logit_layer']);
        expect(model.getLayer('layer2.0.conv1.pad').outputShape).toEqual([null, 18, 18, 4]);
      });
    });

    it('applies b and MaxOut to every B-cos conv, the classifier included', () => {
      return withBcos(
        { stem: 'cifar', classes: 3, inputShape: [8, 8, 6], width: 4, b: 1.5, maxOut: 2 },
        (model) => {
          const convs = model.layers.filter((layer) => layer.getClassName() === 'BcosConv2d');
          expect(convs).toHaveLength(21);
          expect(convs.every((conv) => conv.getConfig().b === 1.5 && conv.getConfig().maxOut === 2)).toBe(
            true,
          );
          expect(model.getLayer('fc').weights[0]!.shape).toEqual([1, 1, 32, 6]);
          expect(model.outputShape).toEqual([null, 3]);
        },
      );
    });

    it('selects centered, layer, position and group norms', async () => {
      const base = {
        stem: 'cifar',
        classes: 10,
        inputShape: [8, 8, 6] as [number, number, number],
        width: 8,
      } as const;
      const cases = [
        [{ kind: 'position', centered: true }, 'PositionNorm2d', true],
        ['layer', 'LayerNorm2d', false],
        [{ kind: 'group', groups: 2 }, 'GroupNorm2d', false],
      ] as const;
      for (const [norm, className, centered] of cases) {
        await withBcos({ ...base, norm }, (model) => {
          const bn = model.getLayer('layer1.0.bn1');
          expect(bn.getClassName()).toBe(className);
          expect(bn.getConfig().centered).toBe(centered);
          expect(bn.getConfig().bias).toBe(false);
        });
      }
      await withBcos({ ...base, norm: 'none' }, (model) => {
        expect(model.layers.some((layer) => layer.name.includes('bn'))).toBe(false);
      });
    });

    for (const size of [32, 64, 128, 224]) {
      it(`${size}×${size}: CIFAR stem keeps 1/8, ImageNet stem 1/32 at layer4`, async () => {
        await withBcos({ stem: 'cifar', classes: 5, inputShape: [size, size, 6], width: 4 }, (model) => {
          expect(model.getLayer('layer4.1').outputShape).toEqual([null, size / 8, size / 8, 32]);
          expect(model.getLayer('fc').outputShape).toEqual([null, size / 8, size / 8, 5]);
        });
        await withBcos({ stem: 'imagenet', classes: 5, inputShape: [size, size, 6], width: 4 }, (model) => {
          expect(model.getLayer('pool').outputShape).toEqual([null, size / 4, size / 4, 4]);
          expect(model.getLayer('layer4.1').outputShape).toEqual([null, size / 32, size / 32, 32]);
          expect(model.outputShape).toEqual([null, 5]);
        });
      });
    }
  },
  { backends: ['cpu'] },
);

describeBackends(
  'bcosResnet18 logits',
  () => {
    it('adds the logit bias −log(C − 1), and none for two classes', async () => {
      const images = encodeImage(tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1));
      for (const [classes, bias] of [
        [10, -Math.log(9)],
        [2, 0],
      ] as const) {
        await withBcos({ stem: 'cifar', classes, inputShape: [8, 8, 6], width: 4 }, async (model) => {
          const pooledOutput = model.getLayer('avgpool').output as SymbolicTensor;
          const beforeBias = functionalModel({ inputs: model.inputs, outputs: pooledOutput });
          const [logits, pooled] = [model.predict(images), beforeBias.predict(images)] as tf.Tensor[];
          const expected = tf.add(pooled!, bias);
          expect(Array.from(await logits!.data())).toEqual(Array.from(await expected.data()));
          tf.dispose([logits!, pooled!, expected]);
        });
      }
      images.dispose();
    });
  },
  { backends: ['cpu'] },
);

describe('bcosResnet18 arguments', () => {
  const valid = { stem: 'cifar', classes: 10, inputShape: [32, 32, 6], width: 4 } as const;
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an RGB input', { inputShape: [32, 32, 3] }, /bcosResnet18: inputShape must have 6 channels, got 3/],
    [
      'an unknown norm',
      { norm: 'instance' },
      /bcosResnet18: norm must be one of 'batch', 'layer', 'position', 'group', 'none', got 'instance'/,
    ],
    ['an unknown norm kind', { norm: { kind: 'rms' } }, /norm.kind must be one of/],
    [
      'a non-boolean centered',
      { norm: { kind: 'batch', centered: 'yes' } },
      /norm.centered must be true or false/,
    ],
    ['an unknown stem', { stem: 'tiny' }, /bcosResnet18: stem must be one of 'cifar', 'imagenet'/],
    ['one class', { classes: 1 }, /bcosResnet18: classes must be an integer ≥ 2, got 1/],
    [
      'a too-small input',
      { stem: 'imagenet', inputShape: [31, 64, 6] },
      /inputShape 31×64 is too small for the imagenet stem/,
    ],
    ['b = 0', { b: 0 }, /bcosResnet18: b must be a finite number > 0, got 0/],
    ['maxOut 0', { maxOut: 0 }, /bcosResnet18: maxOut must be an integer ≥ 1, got 0/],
    [
      'a logit bias that is no number',
      { logitBias: Number.NaN },
      /logitBias must be a finite number, got NaN/,
    ],
    ['a negative temperature', { logitTemperature: -1 }, /logitTemperature must be a finite number > 0/],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => bcosResnet18({ ...valid, ...change } as never)).toThrow(message);
    });
  }
});
