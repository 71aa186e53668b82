import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import {
  CIFAR10_FOLDER,
  CIFAR10_META_FILE,
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
} from '../formats/cifar/cifar';
import {
  CIFAR_IMAGE_BYTES,
  CIFAR_PIXELS,
  CIFAR_SIDE,
  encodeCifarRecords,
} from '../formats/cifar/cifar-records';
import { CIFAR_RECORDS_FILE, encodeRecordManifest } from '../formats/cifar/record-manifest';
import { writeMasks } from '../masks';
import { createRandom, pick, type Random, randomInt, uniform } from '../random';
import { addNoise, paintGradient } from './backdrop';
import { contrastingColor, randomColor } from './colors';
import {
  Canvas,
  capsule,
  disc,
  ellipse,
  type Paint,
  type Placement,
  placed,
  type Rgb,
  toLocal,
} from './raster';
import { SHAPE_CLASSES, SHAPE_EXTENT, type ShapeClass } from './shape-classes';

export const SHAPES_MASK_FOLDER = 'shapes-masks';
const OBJECT_TAG = 1;
const SPLIT_SEED = { train: 1, test: 2 } as const;

export interface GenerateShapesOptions {
  dir: string;
  /** Training images (spread over the five data batches, at most 10,000 each). */
  n: number;
  /** Test images (default n / 5, as in CIFAR-10). */
  testCount?: number;
  seed?: number;
}

export interface GeneratedShapes {
  /** Pass to `cifar10()`. */
  dir: string;
  classNames: readonly string[];
  /** Mask files (see `openMasks`), in the order `cifar10()` lists the images. */
  masks: { train: string; test: string };
}

function paintClutter(canvas: Canvas, random: Random): void {
  const count = randomInt(random, 4, 9);
  for (let i = 0; i < count; i++) {
    const x = uniform(random, 0, CIFAR_SIDE);
    const y = uniform(random, 0, CIFAR_SIDE);
    const kind = pick(random, ['line', 'dot', 'blob'] as const);
    const color = randomColor(random);
    if (kind === 'line') {
      const length = uniform(random, 6, 20);
      const a = uniform(random, 0, Math.PI);
      canvas.fill(
        capsule(x, y, x + length * Math.cos(a), y + length * Math.sin(a), uniform(random, 0.5, 1.1)),
        color,
      );
    } else if (kind === 'dot') {
      canvas.fill(disc(x, y, uniform(random, 1, 2.2)), color);
    } else {
      canvas.fill(
        ellipse(x, y, uniform(random, 1.5, 3.5), uniform(random, 1, 2.5), uniform(random, 0, Math.PI)),
        color,
      );
    }
  }
}

function objectPaint(shapeClass: ShapeClass, placement: Placement, color: Rgb, second: Rgb): Paint {
  const pattern = shapeClass.pattern;
  if (!pattern) return color;
  const local = toLocal(placement);
  return (x, y) => (pattern(...local(x, y)) ? color : second);
}

/** One image: gradient, clutter, the class object on top, noise; and the object's mask. */
function drawShapeImage(random: Random, label: number): { pixels: Uint8Array; mask: Uint8Array } {
  const canvas = new Canvas(CIFAR_SIDE, CIFAR_SIDE);
  const background = [randomColor(random), randomColor(random)] as const;
  paintGradient(canvas, random, ...background);
  paintClutter(canvas, random);
  const shapeClass = SHAPE_CLASSES[label]!;
  const scale = uniform(random, 5, 8);
  const margin = SHAPE_EXTENT * scale * 0.8;
  const placement = {
    cx: uniform(random, margin, CIFAR_SIDE - margin),
    cy: uniform(random, margin, CIFAR_SIDE - margin),
    scale,
    angle: uniform(random, 0, 2 * Math.PI),
  };
  const color = contrastingColor(random, background, 140);
  const second = contrastingColor(random, [color], 150);
  const shape = placed(shapeClass.shape, SHAPE_EXTENT, placement);
  canvas.fill(shape, objectPaint(shapeClass, placement, color, second), OBJECT_TAG);
  addNoise(canvas, random, 10);
  return { pixels: canvas.pixels, mask: canvas.mask(new Set([OBJECT_TAG])) };
}

function drawSplit(count: number, seed: number, split: keyof typeof SPLIT_SEED) {
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  const masks = new Uint8Array(count * CIFAR_PIXELS);
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const random = createRandom(seed, SPLIT_SEED[split], i);
    const label = randomInt(random, 0, SHAPE_CLASSES.length - 1);
    const { pixels, mask } = drawShapeImage(random, label);
    images.set(pixels, i * CIFAR_IMAGE_BYTES);
    masks.set(mask, i * CIFAR_PIXELS);
    labels.push(label);
  }
  return { images, masks, labels };
}

async function writeBatch(path: string, images: Uint8Array, labels: readonly number[]): Promise<void> {
  await writeFileAtomic(
    path,
    encodeCifarRecords(
      images,
      labels.map((label) => [label]),
    ),
  );
}

function checkCounts(n: number, testCount: number): void {
  for (const [what, value, max] of [
    ['n', n, 50_000],
    ['testCount', testCount, 10_000],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(
        `generateShapes: ${what} must be an integer in 0..${max} (the CIFAR-10 format's limit), got ${value}`,
      );
    }
  }
}

/**
 * Writes a dataset in the CIFAR-10 binary format: 32×32 images of ten kinds of small objects
 * (shapes, a glyph, textured shapes) at random positions, sizes, angles and colours on cluttered
 * gradients, so that position and colour carry nothing and a linear model on pixels fails; plus
 * per-image masks of the object's pixels. The same seed gives the same files; image i depends only
 * on (seed, split, i). The folder's `bcos-records.json` gives each file's record count, which
 * `cifar10()` then checks in place of the official 10,000.
 */
export async function generateShapes({
  dir,
  n,
  testCount = Math.round(n / 5),
  seed = 0,
}: GenerateShapesOptions): Promise<GeneratedShapes> {
  checkCounts(n, testCount);
  const batchDir = join(dir, CIFAR10_FOLDER);
  const train = drawSplit(n, seed, 'train');
  const perBatch = Math.ceil(n / CIFAR10_TRAIN_FILES.length);
  const records: Record<string, number> = {};
  for (const [b, file] of CIFAR10_TRAIN_FILES.entries()) {
    const [start, end] = [Math.min(n, b * perBatch), Math.min(n, (b + 1) * perBatch)];
    await writeBatch(
      join(batchDir, file),
      train.images.subarray(start * CIFAR_IMAGE_BYTES, end * CIFAR_IMAGE_BYTES),
      train.labels.slice(start, end),
    );
    records[file] = end - start;
  }
  const test = drawSplit(testCount, seed, 'test');
  await writeBatch(join(batchDir, CIFAR10_TEST_FILE), test.images, test.labels);
  records[CIFAR10_TEST_FILE] = testCount;
  await writeFileAtomic(join(batchDir, CIFAR_RECORDS_FILE), encodeRecordManifest(records));
  const classNames = SHAPE_CLASSES.map((c) => c.name);
  await writeFileAtomic(join(batchDir, CIFAR10_META_FILE), `${classNames.join('\n')}\n\n`);
  const masks = {
    train: join(dir, SHAPES_MASK_FOLDER, 'train.bcosmask'),
    test: join(dir, SHAPES_MASK_FOLDER, 'test.bcosmask'),
  };
  const description = 'pixels of the class-bearing object';
  await writeMasks(masks.train, { height: CIFAR_SIDE, width: CIFAR_SIDE, data: train.masks, description });
  await writeMasks(masks.test, { height: CIFAR_SIDE, width: CIFAR_SIDE, data: test.masks, description });
  return { dir, classNames, masks };
}
