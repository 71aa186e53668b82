import { CAM_METHODS } from '@bcos/gradcam';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './config-schema';

const minimal = {
  data: { format: 'cifar10', dir: 'data/cifar' },
  model: { arch: 'resnet18' },
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
  epochs: 3,
  batchSize: 128,
};

describe('run config', () => {
  it('fills defaults', () => {
    const config = parseRunConfig(minimal, 'run.json');
    expect(config).toMatchObject({
      seed: 0,
      out: 'runs/latest',
      augment: { preset: 'none' },
      model: { stem: 'cifar' },
    });
    expect(config.data.valFraction).toBe(0.1);
  });

  it('names unknown keys and bad values with their paths, all at once', () => {
    const bad = {
      ...minimal,
      epoch: 3,
      optimizer: { name: 'sgd', lr: -1, momentun: 0.9 },
      schedule: { name: 'cosine', tmax: 3 },
    };
    const message = (() => {
      try {
        parseRunConfig(bad, 'run.json');
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^run.json is not a valid run config:/);
    expect(message).toContain("- (top level): unknown key 'epoch'");
    expect(message).toContain("- optimizer: unknown key 'momentun'");
    expect(message).toContain('- optimizer.lr: Too small: expected number to be >0');
    expect(message).toContain("- schedule: unknown key 'tmax'");
  });

  it("offers every CAM method by name for the report, ours or pytorch-grad-cam's", () => {
    for (const gradcamMethod of ['ablationcam', 'fullgrad', 'refinecam', 'KPCA_CAM', 'FinerCAM']) {
      const config = parseRunConfig({ ...minimal, report: { gradcamMethod } }, 'run.json');
      expect(config.report.gradcamMethod).toBe(gradcamMethod);
    }
    expect(() => parseRunConfig({ ...minimal, report: { gradcamMethod: 'gradcam+++' } }, 'run.json')).toThrow(
      /report.gradcamMethod: expected one of 'gradcam', 'gradcam\+\+', .*'fullgrad', 'finercam', 'refinecam'/,
    );
  });

  it("takes only the norms (and options) of the model's architecture, by @bcos/resnet's names", () => {
    const model = (extra: object) => ({ ...minimal, model: { arch: 'resnet18', ...extra } });
    expect(parseRunConfig(model({ norm: 'layer' }), 'run.json').model.norm).toBe('layer');
    expect(() => parseRunConfig(model({ norm: 'position' }), 'run.json')).toThrow(
      "- model.norm: expected one of 'batch', 'layer', 'group', 'none'",
    );
    expect(() => parseRunConfig(model({ b: 2 }), 'run.json')).toThrow("- model: unknown key 'b'");
    expect(() => parseRunConfig(model({ stem: 'tiny' }), 'run.json')).toThrow(
      "- model.stem: expected one of 'cifar', 'imagenet'",
    );
  });

  it('names a bad schedule name', () => {
    expect(() => parseRunConfig({ ...minimal, schedule: { name: 'linear' } }, 'run.json')).toThrow(
      /schedule.name: /,
    );
  });

  it('checks the data section against its format', () => {
    const message = (data: object) => {
      try {
        parseRunConfig({ ...minimal, data }, 'run.json');
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message({ format: 'cifar10', dir: 'x', padTo: 32 })).toContain("- data: unknown key 'padTo'");
    expect(message({ format: 'fashionMnist', dir: 'x', padTo: 20 })).toContain('- data.padTo: Too small');
    expect(message({ format: 'fashionMnist', dir: 'x', channels: 2 })).toContain('- data.channels:');
    expect(message({ format: 'mnist', dir: 'x' })).toMatch(/- data.format: .*'celeba'/);
    const celeba = parseRunConfig({ ...minimal, data: { format: 'celeba', dir: 'x', size: 64 } }, 'run.json');
    expect(celeba.data).toEqual({ format: 'celeba', dir: 'x', size: 64, valFraction: 0.1 });
    expect(celeba.testEachEpoch).toBe(true);
  });

  it('lists the allowed metric names for a monitor typo and the registered Grad-CAM methods', () => {
    const message = (extra: object) => {
      try {
        parseRunConfig({ ...minimal, ...extra }, 'run.json');
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message({ earlyStopping: { monitor: 'val.los', patience: 2 } })).toMatch(
      /- earlyStopping.monitor: .*'val.loss'.*'val.accuracy'/,
    );
    expect(message({ bestModel: { monitor: 'val_accuracy' } })).toMatch(
      /- bestModel.monitor: .*'val.accuracy'/,
    );
    expect(message({ schedule: { name: 'reduceLROnPlateau', monitor: 'loss' } })).toMatch(
      /- schedule.monitor: .*'train.loss'/,
    );
    const unknownMethod = message({ report: { gradcamMethod: 'gradcam+' } });
    for (const method of Object.keys(CAM_METHODS)) expect(unknownMethod).toContain(`'${method}'`);
    expect(message({ backend: 'gpu' })).toMatch(/- backend: .*'webgpu'/);
  });
});
