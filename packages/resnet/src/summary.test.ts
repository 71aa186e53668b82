import { describeBackends } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { resnet18 } from './resnet18';
import { summary } from './summary';
import { withModel } from './test-models';

describeBackends(
  'summary',
  () => {
    it('lists every layer with its output shape and parameters, and the totals', () =>
      withModel(
        () => resnet18({ stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3], width: 4 }),
        (model) => {
          const { rows, trainable, nonTrainable, text } = summary(model);
          expect(rows.map((row) => row.name)).toEqual(model.layers.map((layer) => layer.name));
          expect(rows.find((row) => row.name === 'conv1')).toEqual({
            name: 'conv1',
            type: 'Conv2D',
            outputShape: [-1, 32, 32, 4],
            trainable: 3 * 3 * 3 * 4,
            nonTrainable: 0,
          });
          expect(rows.find((row) => row.name === 'bn1')).toMatchObject({ trainable: 8, nonTrainable: 8 });
          expect(trainable).toBe(rows.reduce((sum, row) => sum + row.trainable, 0));
          expect(nonTrainable).toBe(2 * 300);
          expect(text).toMatch(
            /^resnet18_cifar_batch\n=+\nLayer \(type\) +Output shape +Trainable +Non-trainable\n/,
          );
          expect(text).toContain('layer2.0.downsample.0 (Conv2D)');
          expect(text).toContain(`Trainable parameters:     ${trainable.toLocaleString('en-US')}`);
          expect(text).toContain('Non-trainable parameters: 600');
        },
      ));
  },
  { backends: ['cpu'] },
);
