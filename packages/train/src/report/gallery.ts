import { join } from 'node:path';
import { tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import type { ImageDataset } from '@bcos/datasets';
import { type ExplainMethodName, explain as explainCams, overlay } from '@bcos/gradcam';
import { contributionMapPicture, explain } from '@bcos/layers';
import { writeExplanationPng } from '@bcos/layers/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InputPipeline } from '../loop/input-pipeline';
import type { Predictions } from '../loop/predictions';

export interface GradcamChoice {
  /** Any method of @bcos/gradcam's `explain` by name. Default 'gradcam'. */
  method?: ExplainMethodName;
  /** Layer name, or several (multi-layer CAMs, RefineCAM); default the last layer with a 4-D output. */
  layer?: string | string[];
}

/** One gallery image and the pictures written for it (paths relative to the report folder). */
export interface GalleryItem {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  image: string;
  gradcam?: string;
  bcos?: string;
  contributions?: string;
}

export interface GalleryContext {
  directory: string;
  model: LayersModel;
  dataset: ImageDataset;
  pipeline: InputPipeline;
  predictions: Predictions;
  gradcam: GradcamChoice | false;
  /** Also write B-cos explanations (the model takes the 6-channel encoding). */
  bcos: boolean;
}

const CHUNK = 8;

/** Images as floats in [0, 1] with three channels (grey images repeated), for overlays. */
function displayImages(bytes: Uint8Array, shape: [number, number, number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const images = tf.div(tf.tensor4d(bytes, shape, 'float32'), 255) as tf.Tensor4D;
    return shape[3] === 1 ? tf.tile(images, [1, 1, 1, 3]) : images;
  });
}

async function writeEach(tensors: tf.Tensor4D, paths: string[]): Promise<void> {
  const items = tf.unstack(tensors) as tf.Tensor3D[];
  try {
    for (const [i, item] of items.entries()) await writePng(paths[i]!, await tensorToImage(item));
  } finally {
    tf.dispose(items);
  }
}

async function writeGradcams(
  context: GalleryContext,
  input: tf.Tensor4D,
  shown: tf.Tensor4D,
  items: GalleryItem[],
  prefix: string,
) {
  if (!context.gradcam) return;
  const { method = 'gradcam', layer } = context.gradcam;
  const result = await explainCams(context.model, input, {
    method,
    layer,
    targets: items.map((item) => item.predicted),
  });
  const overlays = tf.tidy(() => {
    const cams = tf.unstack(result.cams) as tf.Tensor2D[];
    return tf.stack((tf.unstack(shown) as tf.Tensor3D[]).map((image, i) => overlay(image, cams[i]!)));
  }) as tf.Tensor4D;
  items.forEach((item) => {
    item.gradcam = `${prefix}-${item.index}-${method.replaceAll('+', 'p')}.png`;
  });
  try {
    await writeEach(
      overlays,
      items.map((item) => join(context.directory, item.gradcam!)),
    );
  } finally {
    tf.dispose([overlays, result.cams, result.logits]);
  }
}

async function writeBcos(
  context: GalleryContext,
  input: tf.Tensor4D,
  shown: tf.Tensor4D,
  items: GalleryItem[],
  prefix: string,
) {
  if (!context.bcos) return;
  const explanation = await explain(context.model, input, {
    classIndex: items.map((item) => item.predicted),
  });
  const pictures = contributionMapPicture(explanation.contributions) as tf.Tensor4D;
  try {
    for (const [i, item] of items.entries()) {
      item.bcos = `${prefix}-${item.index}-bcos.png`;
      item.contributions = `${prefix}-${item.index}-contributions.png`;
      const [image, rgba] = [tf.gather(shown, i), tf.gather(explanation.rgba, i)];
      await writeExplanationPng(join(context.directory, item.bcos), image, rgba);
      tf.dispose([image, rgba]);
    }
    await writeEach(
      pictures,
      items.map((item) => join(context.directory, item.contributions!)),
    );
  } finally {
    tf.dispose([
      pictures,
      explanation.logits,
      explanation.weights,
      explanation.contributions,
      explanation.rgba,
    ]);
  }
}

async function writeChunk(
  context: GalleryContext,
  positions: number[],
  prefix: string,
): Promise<GalleryItem[]> {
  const { predictions, dataset } = context;
  const items: GalleryItem[] = positions.map((p) => ({
    index: predictions.indices[p]!,
    label: predictions.labels[p]!,
    predicted: predictions.predicted[p]!,
    confidence: predictions.confidence[p]!,
    image: `${prefix}-${predictions.indices[p]!}.png`,
  }));
  const { images } = await dataset.get(items.map((item) => item.index));
  const [h, w, c] = dataset.imageShape;
  const shape: [number, number, number, number] = [items.length, h, w, c];
  for (const [i, item] of items.entries())
    await writePng(join(context.directory, item.image), {
      data: images.subarray(i * h * w * c, (i + 1) * h * w * c),
      width: w,
      height: h,
      channels: c as 1 | 3,
    });
  const raw = tf.tensor4d(Int32Array.from(images), shape, 'int32');
  const input = context.pipeline.prepare(raw);
  const shown = displayImages(images, shape);
  try {
    await writeGradcams(context, input, shown, items, prefix);
    await writeBcos(context, input, shown, items, prefix);
  } finally {
    tf.dispose([raw, input, shown]);
  }
  return items;
}

/** Writes the pictures of the examples at `positions` into `<directory>/<prefix>-…png`, a few at a time. */
export async function writeGallery(
  context: GalleryContext,
  positions: number[],
  prefix: string,
): Promise<GalleryItem[]> {
  const items: GalleryItem[] = [];
  for (let start = 0; start < positions.length; start += CHUNK)
    items.push(...(await writeChunk(context, positions.slice(start, start + CHUNK), prefix)));
  return items;
}
