import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConvertArguments } from './cli/convert-arguments';
import { type ConvertOptions, convertCheckpoint } from './convert-checkpoint';
import { resnet18 } from './resnet18';
import { OFFICIAL_FIXTURES } from './test-official-fixture';
import { encodeSafetensors } from './test-safetensors';
import { setKnownWeights, torchvisionStateDict } from './test-torch-state-dict';

const [CIFAR, IMAGENET] = OFFICIAL_FIXTURES.map((fixture) => fixture.safetensors) as [string, string];
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

async function expectSameLogits(original: LayersModel, directory: string, images: tf.Tensor): Promise<void> {
  const loaded = await loadLayersModel(`file://${join(directory, 'model.json')}`);
  const [before, after] = [original.predict(images), loaded.predict(images)] as tf.Tensor[];
  await expectAllClose(after!, before!, { atol: 0, rtol: 0 });
  tf.dispose([before!, after!]);
  loaded.dispose();
}

describeBackends(
  'convertCheckpoint',
  () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'bcos-convert-'));
    });
    afterAll(() => rm(directory, { recursive: true, force: true }));
    const out = (name: string) => join(directory, name);

    it('official ImageNet-stem checkpoint: stem, width, classes and batch norm read off the state_dict', async () => {
      const result = await convertCheckpoint({
        from: IMAGENET,
        arch: 'bcos-resnet18',
        out: out('imagenet'),
        inputSize: 64,
      });
      expect(result.metadata).toEqual({
        arch: 'bcos-resnet18',
        stem: 'imagenet',
        classes: 10,
        width: 16,
        norm: 'batch',
        inputShape: [64, 64, 6],
        source: 'bcos_resnet18_w16_imagenet_bnu.safetensors',
      });
      const json = JSON.parse(await readFile(join(out('imagenet'), 'model.json'), 'utf8'));
      expect(json.userDefinedMetadata.bcos.arch).toBe('bcos-resnet18');
      const images = tf.randomUniform([1, 64, 64, 6], 0, 1, 'float32', 5);
      await expectSameLogits(result.model, out('imagenet'), images);
      tf.dispose(images);
      result.model.dispose();
    });

    it('official CIFAR-stem checkpoint: needs --norm, as γ-only norms could be layer, position or group', async () => {
      const options: ConvertOptions = { from: CIFAR, arch: 'bcos-resnet18', out: out('cifar') };
      await expect(convertCheckpoint(options)).rejects.toThrow(
        /γ\/β only, which could be layer, position or group norms; pass --norm/,
      );
      const result = await convertCheckpoint({ ...options, norm: 'position', centered: true });
      expect(result.metadata.inputShape).toEqual([32, 32, 6]);
      expect(result.model.getLayer('layer1.0.bn1').getConfig().centered).toBe(true);
      result.model.dispose();
    });

    it('refuses options that contradict the checkpoint, and a checkpoint of another architecture', async () => {
      const base = { from: IMAGENET, arch: 'bcos-resnet18', out: out('bad') } as const;
      await expect(convertCheckpoint({ ...base, width: 32 })).rejects.toThrow(
        /option width is 32, but the checkpoint's conv1 output channels \/ maxOut give 16/,
      );
      await expect(convertCheckpoint({ ...base, stem: 'cifar' })).rejects.toThrow(/option stem is cifar/);
      await expect(convertCheckpoint({ ...base, arch: 'resnet18' })).rejects.toThrow(
        /no 'conv1.weight' in the state_dict; is it a ResNet-18 of that architecture\?/,
      );
    });

    it("round trip: our resnet18's weights as a torchvision-layout state_dict, converted by the CLI", async () => {
      const source = resnet18({
        stem: 'imagenet',
        norm: 'batch',
        classes: 7,
        inputShape: [32, 32, 3],
        width: 4,
      });
      setKnownWeights(source);
      const path = out('torchvision.safetensors');
      await writeFile(path, encodeSafetensors(await torchvisionStateDict(source)));
      const cli = await promisify(execFile)(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          'src/cli/bcos-convert.ts',
          '--from',
          path,
          '--arch',
          'resnet18',
          '--out',
          out('tv'),
          '--input-size',
          '32',
        ],
        { cwd: PACKAGE },
      );
      expect(cli.stdout).toContain('resnet18 (imagenet stem, width 4, 7 classes, batch norm, input 32×32×3)');
      expect(cli.stdout).toContain('loaded 102 tensors (20 unused buffers skipped)');
      const images = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 6);
      await expectSameLogits(source, out('tv'), images);
      tf.dispose(images);
      source.dispose();
    });
  },
  { backends: ['cpu'] },
);

describe('bcos-convert arguments', () => {
  const required = ['--from', 'a.safetensors', '--arch', 'resnet18', '--out', 'dir'];

  it('--version prints the package version', async () => {
    const cli = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'src/cli/bcos-convert.ts', '--version'],
      { cwd: PACKAGE },
    );
    const { version } = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8'));
    expect(cli.stdout).toBe(`${version}\n`);
  });

  it('parses every option', () => {
    const { convert, backend } = parseConvertArguments([
      ...required,
      '--stem',
      'cifar',
      '--classes',
      '10',
      '--width',
      '16',
      '--norm',
      'group',
      '--groups',
      '4',
      '--input-size',
      '64',
      '--backend',
      'wasm',
    ]);
    expect(convert).toMatchObject({
      from: 'a.safetensors',
      arch: 'resnet18',
      out: 'dir',
      stem: 'cifar',
      classes: 10,
      width: 16,
      norm: 'group',
      groups: 4,
      inputSize: 64,
    });
    expect(backend).toBe('wasm');
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['a missing --from', ['--arch', 'resnet18', '--out', 'd'], /^--from is required$/],
    [
      'an unknown architecture',
      ['--from', 'a', '--arch', 'vgg11', '--out', 'd'],
      /--arch vgg11: expected one of bcos-resnet18, resnet18/,
    ],
    [
      'a fractional class count',
      [...required, '--classes', '2.5'],
      /--classes must be a positive integer, got '2.5'/,
    ],
    [
      'a temperature that is no number',
      [...required, '--logit-temperature', 'hot'],
      /--logit-temperature must be a number, got 'hot'/,
    ],
    ['an unknown stem', [...required, '--stem', 'tiny'], /--stem tiny: expected one of cifar, imagenet/],
    ['an unknown flag', [...required, '--depth', '34'], /Unknown option '--depth'/],
  ];
  for (const [what, argv, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseConvertArguments(argv)).toThrow(message);
    });
  }
});
