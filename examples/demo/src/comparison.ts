import { join } from 'node:path';
import { tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import type { ImageDataset } from '@bcos/datasets';
import { maskLocalisation } from '@bcos/gradcam';
import { explain } from '@bcos/layers';
import { writeExplanationPng } from '@bcos/layers/node';
import type { Progress } from '@bcos/train';
import * as tf from '@tensorflow/tfjs-core';
import type { AttributionMethod, TrainedModel } from './attribution-methods';
import { maskAreas, pointingGameHits } from './localisation';

export interface ComparisonOptions {
  methods: readonly AttributionMethod[];
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

async function writePicture(path: string, picture: tf.Tensor3D): Promise<void> {
  try {
    await writePng(path, await tensorToImage(picture));
  } finally {
    picture.dispose();
  }
}

/** The image, and the image with its mask lightened and the rest dimmed. */
async function writeImageAndMask(directory: string, row: GalleryRow, image: tf.Tensor3D, mask: tf.Tensor2D) {
  await writePicture(join(directory, row.image), tf.clone(image));
  const marked = tf.tidy(() => {
    const inside = tf.expandDims(mask, 2);
    const lightened = tf.add(tf.mul(image, 0.4), 0.6);
    return tf.add(tf.mul(lightened, inside), tf.mul(tf.mul(image, 0.35), tf.sub(1, inside)));
  }) as tf.Tensor3D;
  await writePicture(join(directory, row.mask), marked);
}

async function writeBcosPictures(options: ComparisonOptions, chunk: Chunk, rows: GalleryRow[]) {
  const pixels = tf.slice(chunk.pixels, 0, rows.length);
  const input = options.bcos.pipeline.prepare(pixels);
  const explanation = await explain(options.bcos.model, input, {
    classIndex: chunk.labels.slice(0, rows.length),
  });
  try {
    for (const [i, row] of rows.entries()) {
      const [image, rgba] = [tf.gather(chunk.shown, i), tf.gather(explanation.rgba, i)];
      await writeExplanationPng(join(options.directory, row.bcos), image, rgba);
      tf.dispose([image, rgba]);
    }
  } finally {
    tf.dispose([
      pixels,
      input,
      explanation.logits,
      explanation.weights,
      explanation.contributions,
      explanation.rgba,
    ]);
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
  const maps = await options.methods[method]!.maps(chunk.pixels, chunk.labels);
  try {
    const maskShare = await maskLocalisation(maps, chunk.masks);
    for (const [i, row] of rows.entries()) {
      const [image, map] = [tf.gather(chunk.shown, i), tf.gather(maps, i)] as unknown as [
        tf.Tensor3D,
        tf.Tensor2D,
      ];
      await writePicture(
        join(options.directory, row.maps[method]!),
        options.methods[method]!.picture(image, map),
      );
      row.maskShare.push(maskShare[i]!);
      tf.dispose([image, map]);
    }
    return { maskShare, pointingGame: await pointingGameHits(maps, chunk.masks) };
  } finally {
    maps.dispose();
  }
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
