import '@bcos/backend';
import { describeBackends } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { buildModel } from './build-model';
import { parseRunConfig } from './config-schema';

const config = (model: object) => ({
  data: { format: 'celeba', dir: 'x' },
  model: { arch: 'bcosResnet18', ...model },
  optimizer: { name: 'adam', lr: 0.01 },
  epochs: 4,
  batchSize: 64,
});

describeBackends('run config: model.norm', () => {
  it("takes B-cos v2 resnet.py's centred, bias-free position norm as {kind, centered}", () => {
    const { model: options } = parseRunConfig(
      config({ stem: 'imagenet', width: 4, norm: { kind: 'position', centered: true } }),
      'seed.json',
    );
    const model = buildModel(options, [32, 32, 3], 2, 0);
    try {
      const norm = model.getLayer('layer1.0.bn1');
      expect(norm.getClassName()).toBe('PositionNorm2d');
      expect(norm.getConfig()).toMatchObject({ centered: true, bias: false });
      expect(norm.weights.map((w) => w.originalName.split('/').at(-1))).toEqual(['gamma']);
      expect(model.outputShape).toEqual([null, 2]);
    } finally {
      model.dispose();
    }
  });

  it('names a malformed norm object by its key path', () => {
    expect(() => parseRunConfig(config({ norm: { kind: 'position', centred: true } }), 'seed.json')).toThrow(
      "- model.norm: unknown key 'centred'",
    );
    expect(() => parseRunConfig(config({ width: 4, norm: { kind: 'instance' } }), 'seed.json')).toThrow(
      "- model.norm.kind: expected one of 'batch', 'layer', 'position', 'group', 'none'",
    );
    expect(() => parseRunConfig(config({ norm: 'instance' }), 'seed.json')).toThrow(
      "- model.norm: expected one of 'batch', 'layer', 'position', 'group', 'none'",
    );
    // Built in code, past the schema: the model factory still names the bad kind.
    const { model: options } = parseRunConfig(config({ width: 4 }), 'seed.json');
    const unchecked = { ...options, norm: { kind: 'instance' } } as unknown as typeof options;
    expect(() => buildModel(unchecked, [32, 32, 3], 2, 0)).toThrow(/norm.kind must be one of/);
  });
});
