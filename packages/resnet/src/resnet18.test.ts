import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { resnet18 } from './resnet18';
import { summary } from './summary';
import { RESNET18_WEIGHTED_LAYERS, weightedLayerNames, withModel } from './test-models';

function withPlain<T>(options: Parameters<typeof resnet18>[0], body: (model: LayersModel) => T): Promise<T> {
  return withModel(() => resnet18(options), body);
}

describeBackends(
  'resnet18 parameter counts',
  () => {
    it('CIFAR stem, 10 classes, batch norm: 11,173,962 trainable and 9,600 moving statistics', () => {
      return withPlain({ stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3] }, (model) => {
        const { trainable, nonTrainable } = summary(model);
        expect(trainable).toBe(11_173_962);
        expect(nonTrainable).toBe(9_600);
        expect(model.countParams()).toBe(11_183_562);
      });
    });

    it('ImageNet stem, 1000 classes, batch norm: 11,689,512 trainable (torchvision)', () => {
      return withPlain(
        { stem: 'imagenet', norm: 'batch', classes: 1000, inputShape: [224, 224, 3] },
        (model) => {
          expect(summary(model).trainable).toBe(11_689_512);
        },
      );
    });

    it('CIFAR stem, 10 classes, layer norm: 11,173,962, per-channel γ/β (GroupNorm(1, C))', () => {
      return withPlain({ stem: 'cifar', norm: 'layer', classes: 10, inputShape: [32, 32, 3] }, (model) => {
        const { trainable, nonTrainable } = summary(model);
        expect(trainable).toBe(11_173_962);
        expect(nonTrainable).toBe(0);
        expect(model.getLayer('layer3.1.bn2').weights.map((w) => w.shape)).toEqual([[256], [256]]);
      });
    });

    it('group norm defaults to 32 groups at width 64 and to gcd(32, width) below', async () => {
      await withPlain({ stem: 'cifar', norm: 'group', classes: 10, inputShape: [32, 32, 3] }, (model) => {
        expect(summary(model).trainable).toBe(11_173_962);
        expect(model.getLayer('bn1').getConfig().groups).toBe(32);
      });
      await withPlain(
        { stem: 'cifar', norm: 'group', classes: 10, inputShape: [32, 32, 3], width: 12 },
        (model) => {
          expect(model.getLayer('layer4.1.bn1').getConfig().groups).toBe(4);
        },
      );
    });

    it('norm none has only the convs and the classifier', () => {
      return withPlain({ stem: 'cifar', norm: 'none', classes: 10, inputShape: [32, 32, 3] }, (model) => {
        const { trainable, nonTrainable } = summary(model);
        expect(trainable).toBe(11_173_962 - 2 * 4_800);
        expect(nonTrainable).toBe(0);
      });
    });
  },
  { backends: ['cpu'] },
);

describeBackends(
  'resnet18 layer names',
  () => {
    it("names every weighted layer as PyTorch's state_dict does", () => {
      return withPlain(
        { stem: 'imagenet', norm: 'batch', classes: 10, inputShape: [64, 64, 3], width: 4 },
        (model) => {
          expect(weightedLayerNames(model).sort()).toEqual([...RESNET18_WEIGHTED_LAYERS].sort());
        },
      );
    });

    it('pads strided and stem convs explicitly, and only those', () => {
      return withPlain(
        { stem: 'imagenet', norm: 'batch', classes: 10, inputShape: [64, 64, 3], width: 4 },
        (model) => {
          const padded = model.layers.filter((l) => l.getClassName() === 'ZeroPadding2D').map((l) => l.name);
          expect(padded.sort()).toEqual(
            [
              'conv1.pad',
              'maxpool.pad',
              'layer2.0.conv1.pad',
              'layer3.0.conv1.pad',
              'layer4.0.conv1.pad',
            ].sort(),
          );
          const samePadded = model.layers.filter(
            (l) => l.getClassName() === 'Conv2D' && (l.getConfig().padding as string) === 'same',
          );
          expect(samePadded.every((l) => l.getConfig().strides?.toString() === '1,1')).toBe(true);
        },
      );
    });
  },
  { backends: ['cpu'] },
);

describeBackends(
  'resnet18 output shapes',
  () => {
    for (const size of [32, 64, 128, 224]) {
      it(`${size}×${size}: CIFAR stem keeps 1/8, ImageNet stem 1/32 at layer4`, async () => {
        await withPlain(
          { stem: 'cifar', norm: 'batch', classes: 7, inputShape: [size, size, 3], width: 8 },
          (model) => {
            expect(model.getLayer('layer1.1').outputShape).toEqual([null, size, size, 8]);
            expect(model.getLayer('layer4.1').outputShape).toEqual([null, size / 8, size / 8, 64]);
            expect(model.outputShape).toEqual([null, 7]);
          },
        );
        await withPlain(
          { stem: 'imagenet', norm: 'batch', classes: 7, inputShape: [size, size, 3], width: 8 },
          (model) => {
            expect(model.getLayer('conv1').outputShape).toEqual([null, size / 2, size / 2, 8]);
            expect(model.getLayer('maxpool').outputShape).toEqual([null, size / 4, size / 4, 8]);
            expect(model.getLayer('layer4.1').outputShape).toEqual([null, size / 32, size / 32, 64]);
            expect(model.outputShape).toEqual([null, 7]);
          },
        );
      });
    }

    it('follows PyTorch on odd sizes: floor((n + 2p − k) / s) + 1', () => {
      return withPlain(
        { stem: 'imagenet', norm: 'none', classes: 3, inputShape: [45, 33, 1], width: 4 },
        (model) => {
          expect(model.getLayer('conv1').outputShape).toEqual([null, 23, 17, 4]);
          expect(model.getLayer('maxpool').outputShape).toEqual([null, 12, 9, 4]);
          expect(model.getLayer('layer4.1').outputShape).toEqual([null, 2, 2, 32]);
        },
      );
    });
  },
  { backends: ['cpu'] },
);

describeBackends(
  'resnet18 forward pass',
  () => {
    it('gives [N, classes] logits for a batch', async () => {
      const model = resnet18({
        stem: 'imagenet',
        norm: 'batch',
        classes: 5,
        inputShape: [32, 32, 3],
        width: 4,
      });
      const logits = model.predict(tf.randomUniform([2, 32, 32, 3])) as tf.Tensor;
      expect(logits.shape).toEqual([2, 5]);
      expect((await logits.data()).every(Number.isFinite)).toBe(true);
      tf.dispose(logits);
      model.dispose();
    });
  },
  { backends: ['cpu'] },
);

describe('resnet18 arguments', () => {
  const valid = { stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3], width: 4 } as const;
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'unknown norm',
      { norm: 'instance' },
      /resnet18: norm must be one of 'batch', 'layer', 'group', 'none', got 'instance'/,
    ],
    ['unknown stem', { stem: 'mnist' }, /resnet18: stem must be one of 'cifar', 'imagenet', got 'mnist'/],
    ['one class', { classes: 1 }, /resnet18: classes must be an integer ≥ 2, got 1/],
    ['fractional classes', { classes: 2.5 }, /resnet18: classes must be an integer ≥ 2, got 2.5/],
    ['zero width', { width: 0 }, /resnet18: width must be an integer ≥ 1, got 0/],
    [
      'input too small for the ImageNet stem',
      { stem: 'imagenet', inputShape: [16, 16, 3] },
      /inputShape 16×16 is too small for the imagenet stem.*at least 32×32/,
    ],
    [
      'input too small for the CIFAR stem',
      { inputShape: [32, 4, 3] },
      /inputShape 32×4 is too small for the cifar stem/,
    ],
    ['a 2-d input shape', { inputShape: [32, 32] }, /inputShape must be \[height, width, channels\]/],
    ['groups not dividing the width', { norm: 'group', width: 8, groups: 3 }, /groups \(3\) must divide/],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => resnet18({ ...valid, ...change } as never)).toThrow(message);
    });
  }

  it('rejects a missing options object', () => {
    expect(() => resnet18(undefined as never)).toThrow(/resnet18: expected an options object/);
  });
});
