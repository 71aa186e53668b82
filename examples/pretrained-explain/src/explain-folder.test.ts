import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fileSystem } from '@bcos/backend';
import { describeBackends } from '@bcos/backend/testing';
import { convertCheckpoint, resnet18 } from '@bcos/resnet';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { explainFolder, type FolderReport } from './explain-folder';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = fileURLToPath(
  new URL(
    '../../../fixtures/official-bcos-resnet/bcos_resnet18_w16_imagenet_bnu.safetensors',
    import.meta.url,
  ),
);

/** A smooth colour photo stand-in of the given size. */
async function writePhoto(path: string, width: number, height: number): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      pixels.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  await sharp(pixels, { raw: { width, height, channels: 3 } }).toFile(path);
}

async function pngSize(path: string): Promise<[number, number]> {
  const { width, height } = await sharp(path).metadata();
  return [width!, height!];
}

function expectRanked(report: FolderReport, top: number): void {
  for (const image of report.images) {
    expect(image.top).toHaveLength(top);
    const logits = image.top.map((c) => c.logit);
    expect(logits).toEqual([...logits].sort((a, b) => b - a));
  }
}

describeBackends(
  'pretrained-explain',
  () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'pretrained-explain-'));
      await mkdir(join(directory, 'photos'));
      await writePhoto(join(directory, 'photos', 'wide.png'), 96, 72);
      await writePhoto(join(directory, 'photos', 'tall.jpg'), 60, 90);
      await writeFile(join(directory, 'photos', 'notes.txt'), 'not an image');
    });
    afterAll(() => rm(directory, { recursive: true, force: true }));

    it('CI run: a B-cos ResNet-18 converted from the official fixture explains a folder (CLI)', async () => {
      const converted = await convertCheckpoint({
        from: FIXTURE,
        arch: 'bcos-resnet18',
        out: join(directory, 'bcos-model'),
        inputSize: 64,
      });
      converted.model.dispose();
      const out = join(directory, 'bcos-out');
      const cli = await promisify(execFile)(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          'src/main.ts',
          '--model',
          join(directory, 'bcos-model'),
          '--images',
          join(directory, 'photos'),
          '--out',
          out,
          '--backend',
          'cpu',
        ],
        { cwd: EXAMPLE },
      );
      expect(cli.stdout).toContain('1. class ');
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as FolderReport;
      expect(report.kind).toBe('bcos');
      expect(report.images.map((i) => i.file)).toEqual(
        ['tall.jpg', 'wide.png'].map((f) => join(directory, 'photos', f)),
      );
      expectRanked(report, 5);
      for (const image of report.images) {
        expect(await pngSize(image.bcos!)).toEqual([64, 64]);
        expect(await pngSize(image.gradcam)).toEqual([64, 64]);
      }
    });

    it('a torchvision-style ResNet-18 gets Grad-CAM only, ImageNet normalisation and ImageNet names', async () => {
      const model = resnet18({
        stem: 'imagenet',
        norm: 'batch',
        classes: 1000,
        inputShape: [32, 32, 3],
        width: 4,
      });
      await model.save(fileSystem(join(directory, 'plain-model')));
      model.dispose();
      const report = await explainFolder({
        model: join(directory, 'plain-model'),
        images: join(directory, 'photos'),
        out: join(directory, 'plain-out'),
        top: 3,
      });
      expect(report.kind).toBe('plain');
      expectRanked(report, 3);
      for (const image of report.images) {
        expect(image.bcos).toBeUndefined();
        expect(await pngSize(image.gradcam)).toEqual([32, 32]);
        expect(image.top.every((c) => c.name.length > 0 && !c.name.startsWith('class '))).toBe(true);
      }
    });

    it('names the folder that holds no images and the model that is missing', async () => {
      const options = {
        model: join(directory, 'bcos-model'),
        images: join(directory, 'bcos-out'),
        out: directory,
      };
      await expect(explainFolder({ ...options, images: join(directory, 'none') })).rejects.toThrow(
        /images: cannot read folder/,
      );
      await expect(explainFolder({ ...options, model: join(directory, 'missing') })).rejects.toThrow(
        /model .*missing: model file not found/,
      );
    });
  },
  { backends: ['cpu'] },
);
