import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeBackends, describeWithSystemPart, expectAllClose } from '@bcos/backend/testing';
import { gradcam } from '@bcos/gradcam';
import { type ConvertResult, convertCheckpoint } from '@bcos/resnet/node';
import * as tf from '@tensorflow/tfjs-core';
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

const TORCHVISION = fileURLToPath(
  new URL('../../../../shared/fixtures/official-bcos-resnet/torchvision_resnet18_c1000', import.meta.url),
);

interface TorchvisionReference {
  image_uint8: number[][][][];
  x: number[][][][];
  logits: number[][];
  gradcam_class: number;
  gradcam_linear_first_image: number[][][];
}

function maxAbs(values: number[]): number {
  return values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
}

/**
 * The fixture's 64×64 image inside a 73×73 photo: the program resizes the shorter side to 64 / 0.875
 * = 73 (no change) and crops the central 64×64, so the model sees exactly the fixture's pixels.
 */
async function writeFramedPhoto(path: string, image: number[][][]): Promise<void> {
  const [side, frame] = [73, 4];
  const pixels = Buffer.alloc(side * side * 3, 128);
  image.forEach((row, y) => {
    row.forEach((rgb, x) => {
      pixels.set(rgb, ((y + frame) * side + x + frame) * 3);
    });
  });
  await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toFile(path);
}

describeWithSystemPart(
  'pretrained-explain: real torchvision ResNet-18 (1,000 classes, ../shared)',
  () =>
    existsSync(`${TORCHVISION}.safetensors`) && existsSync(`${TORCHVISION}.json`)
      ? undefined
      : `${TORCHVISION}.{safetensors,json} are absent; check out the reference data as ../shared beside the repository`,
  () => {
    describeBackends(
      'pretrained-explain (torchvision)',
      () => {
        let directory: string;
        let reference: TorchvisionReference;
        let converted: ConvertResult;
        beforeAll(async () => {
          directory = await mkdtemp(join(tmpdir(), 'pretrained-explain-torchvision-'));
          reference = JSON.parse(await readFile(`${TORCHVISION}.json`, 'utf8')) as TorchvisionReference;
          converted = await convertCheckpoint({
            from: `${TORCHVISION}.safetensors`,
            arch: 'resnet18',
            out: join(directory, 'model'),
            inputSize: 64,
          });
          await mkdir(join(directory, 'photos'));
          await writeFramedPhoto(join(directory, 'photos', 'fixture.png'), reference.image_uint8[0]!);
        });
        afterAll(async () => {
          converted.model.dispose();
          await rm(directory, { recursive: true, force: true });
        });

        it("ImageNet normalisation: the top classes and logits are torchvision's, with ImageNet names", async () => {
          const report = await explainFolder({
            model: join(directory, 'model'),
            images: join(directory, 'photos'),
            out: join(directory, 'out'),
            top: 3,
          });
          expect(report.kind).toBe('plain');
          const [image] = report.images;
          expect(image!.bcos).toBeUndefined();
          expect(await pngSize(image!.gradcam)).toEqual([64, 64]);
          const expected = reference.logits[0]!;
          const ranked = [...expected.keys()].sort((a, b) => expected[b]! - expected[a]!).slice(0, 3);
          expect(image!.top.map((c) => c.index)).toEqual(ranked);
          expect(image!.top.every((c) => c.name.length > 0 && !c.name.startsWith('class '))).toBe(true);
          const bias = await converted.model.getLayer('fc').getWeights()[1]!.data();
          const scale = maxAbs(expected.map((logit, c) => logit - bias[c]!));
          await expectAllClose(
            image!.top.map((c) => c.logit),
            ranked.map((c) => expected[c]!),
            { rtol: 0, atol: 1e-4 * scale, label: 'top logits' },
          );
        });

        it("Grad-CAM at layer4.1 (the program's default) matches torchvision's", async () => {
          const x = tf.tensor4d(reference.x.slice(0, 1));
          const { cams, raw, logits } = await gradcam(converted.model, x, {
            layer: 'layer4.1',
            targets: [reference.gradcam_class],
          });
          const expected = reference.gradcam_linear_first_image.flat(2);
          await expectAllClose(raw, expected, { rtol: 0, atol: 1e-4 * maxAbs(expected), label: 'Grad-CAM' });
          tf.dispose([x, cams, raw, logits]);
        });
      },
      { backends: ['cpu'] },
    );
  },
);
