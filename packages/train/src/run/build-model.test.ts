import '@bcos/backend';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build-model';

describe('buildModel', () => {
  it('suggests data.channels: 3 for a B-cos ResNet-18 on grey images', () => {
    expect(() => buildModel({ arch: 'bcosResnet18', stem: 'cifar', width: 4 }, [32, 32, 1], 10, 0)).toThrow(
      'model.arch bcosResnet18 takes RGB images (as their 6-channel encoding), but the data has 1 channel; set data.channels: 3',
    );
  });
});
