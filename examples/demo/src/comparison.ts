import { join } from 'node:path';
import { writePicturePng } from '@bcos/backend/node';
import type { ImageDataset } from '@bcos/datasets';
import { type Explainer, maskLocalisation, withExplanations } from '@bcos/gradcam';
import type { Progress } from '@bcos/train';
import * as tf from '@tensorflow/tfjs-core';
import { bcosContributions, type TrainedModel } from './attribution-methods';
import { maskAreas, pointingGameHits } from './localisation';

export interface ComparisonOptions {
  methods: readonly Explainer[];
  /** Its explanation is also drawn the B-cos way (colours of W(x) where it contributes). */
  bcos: TrainedModel;
  test: ImageDataset;
  /** Test images to explain (their true class is explained). */
  indices: readonly number[];
  testMasks(indices: readonly number[]): Promise<Uint8Array>;
  /** Report folder; pictures go to `images/`. */
  directory: string;
  /** The first this many images also get pictures. */
  galleryCount: number;
  progress: Progress;
  chunkSize?: number;
}

export interface MethodScores {
  label: string;
  /** Per image: share of positive attribution inside the mask (@bcos/gradcam's maskLocalisation). */
  maskShare: number[];
  /** Per image: whether the map's maximum is inside the mask. */
  pointingGame: boolean[];
}

export interface GalleryRow {
  index: number;
  label: number;
  image: string;
  mask: string;
  bcos: string;
  /** One picture per method, in the methods' order. */
  maps: string[];
  maskShare: number[];
}

export interface Comparison {
  scores: MethodScores[];
  /** Per image: the mask's share of the image, what an evenly spread map would score. */
  maskArea: number[];
  gallery: GalleryRow[];
}

interface Chunk {
  indices: number[];
  labels: number[];
  /** int32 [n, H, W, 3] 0..255, float [n, H, W, 3] in [0, 1], float 0/1 [n, H, W]. */
  pixels: tf.Tensor4D;
  shown: tf.Tensor4D;
  masks: tf.Tensor3D;
}

async function readChunk(options: ComparisonOptions, indices: number[]): Promise<Chunk> {
  const [h, w, c] = options.test.imageShape;
  const { images, labels } = await options.test.get(indices);
  const masks = await options.testMasks(indices);
  const pixels = tf.tensor4d(Int32Array.from(images), [indices.length, h, w, c], 'int32');
  return {
    indices,
    labels: Array.from(labels),
    pixels,
    shown: tf.tidy(() => tf.div(tf.cast(pixels, 'float32'), 255)) as tf.Tensor4D,
    masks: tf.tensor3d(Float32Array.from(masks), [indices.length, h, w]),
  };
}

/** The image, and the image with its mask lightened and the rest dimmed. */
async function writeImageAndMask(directory: string, row: GalleryRow, image: tf.Tensor3D, mask: tf.Tensor2D) {
  await writePicturePng(join(directory, row.image), tf.clone(image));
  const marked = tf.tidy(() => {
    const inside = tf.expandDims(mask, 2);
    const lightened = tf.add(tf.mul(image, 0.4), 0.6);
    return tf.add(tf.mul(lightened, inside), tf.mul(tf.mul(image, 0.35), tf.sub(1, inside)));
  }) as tf.Tensor3D;
  await writePicturePng(join(directory, row.mask), marked);
}

async function writeBcosPictures(options: ComparisonOptions, chunk: Chunk, rows: GalleryRow[]) {
  const pixels = tf.slice(chunk.pixels, 0, rows.length);
  const targets = chunk.labels.slice(0, rows.length);
  try {
    await withExplanations(bcosContributions(options.bcos), pixels, targets, async (found) => {
      for (const [i, row] of rows.entries()) {
        const colours = tf.tidy(() => found.colours(i, tf.squeeze(tf.slice(chunk.shown, i, 1), [0])));
        await writePicturePng(join(options.directory, row.bcos), colours as tf.Tensor3D);
      }
    });
  } finally {
    pixels.dispose();
  }
}

function galleryRows(chunk: Chunk, count: number, methods: number): GalleryRow[] {
  return chunk.indices.slice(0, Math.max(0, count)).map((index, i) => ({
    index,
    label: chunk.labels[i]!,
    image: `images/${index}.png`,
    mask: `images/${index}-mask.png`,
    bcos: `images/${index}-bcos.png`,
    maps: Array.from({ length: methods }, (_, m) => `images/${index}-method${m}.png`),
    maskShare: [],
  }));
}

async function writeGalleryPictures(options: ComparisonOptions, chunk: Chunk, rows: GalleryRow[]) {
  if (rows.length === 0) return;
  for (const [i, row] of rows.entries()) {
    const [image, mask] = [tf.gather(chunk.shown, i), tf.gather(chunk.masks, i)] as unknown as [
      tf.Tensor3D,
      tf.Tensor2D,
    ];
    await writeImageAndMask(options.directory, row, image, mask);
    tf.dispose([image, mask]);
  }
  await writeBcosPictures(options, chunk, rows);
}

/** Scores one method on a chunk, and draws its maps of the gallery rows. */
async function scoreMethod(
  options: ComparisonOptions,
  chunk: Chunk,
  method: number,
  rows: GalleryRow[],
): Promise<{ maskShare: number[]; pointingGame: boolean[] }> {
  return withExplanations(options.methods[method]!, chunk.pixels, chunk.labels, async ({ maps, picture }) => {
    const maskShare = await maskLocalisation(maps, chunk.masks);
    for (const [i, row] of rows.entries()) {
      const drawn = tf.tidy(() => picture(i, tf.squeeze(tf.slice(chunk.shown, i, 1), [0])));
      await writePicturePng(join(options.directory, row.maps[method]!), drawn as tf.Tensor3D);
      row.maskShare.push(maskShare[i]!);
    }
    return { maskShare, pointingGame: await pointingGameHits(maps, chunk.masks) };
  });
}

/**
 * Explains the true class of each test image with every method and scores the maps against the
 * images' ground-truth masks; the first `galleryCount` images are also drawn side by side.
 */
export async function compareExplanations(options: ComparisonOptions): Promise<Comparison> {
  const { methods, indices, progress, chunkSize = 32 } = options;
  const result: Comparison = {
    scores: methods.map((m) => ({ label: m.label, maskShare: [], pointingGame: [] })),
    maskArea: [],
    gallery: [],
  };
  progress.start('explanations', Math.ceil(indices.length / chunkSize));
  for (let start = 0; start < indices.length; start += chunkSize) {
    const chunk = await readChunk(options, indices.slice(start, start + chunkSize));
    try {
      const rows = galleryRows(chunk, options.galleryCount - start, methods.length);
      await writeGalleryPictures(options, chunk, rows);
      for (const [m, scores] of result.scores.entries()) {
        const chunkScores = await scoreMethod(options, chunk, m, rows);
        scores.maskShare.push(...chunkScores.maskShare);
        scores.pointingGame.push(...chunkScores.pointingGame);
      }
      result.maskArea.push(...(await maskAreas(chunk.masks)));
      result.gallery.push(...rows);
    } finally {
      tf.dispose([chunk.pixels, chunk.shown, chunk.masks]);
    }
    progress.update({ step: start / chunkSize + 1, images: start + chunk.indices.length });
  }
  progress.finish(`explained ${indices.length} test images with ${methods.length} methods`);
  return result;
}
