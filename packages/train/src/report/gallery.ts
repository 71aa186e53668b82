import { join } from 'node:path';
import { writePng } from '@bcos/backend/node';
import type { ImageDataset } from '@bcos/datasets';
import { type Explainer, type ExplainMethodName, explainer, withExplanations } from '@bcos/gradcam';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InputPipeline } from '../loop/input-pipeline';
import type { Predictions } from '../loop/predictions';
import { imageAt, writeExplanationPictures } from './explanation-pictures';

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

/** Writes each item's pictures of `chosen`'s explanation of its predicted class. */
async function writeExplanations(
  context: GalleryContext,
  chosen: Explainer,
  input: tf.Tensor4D,
  shown: tf.Tensor4D,
  items: GalleryItem[],
  prefix: string,
) {
  const targets = items.map((item) => item.predicted);
  await withExplanations(chosen, input, targets, async (found) => {
    for (const [i, item] of items.entries()) {
      const image = imageAt(shown, i);
      const stem = `${prefix}-${item.index}`;
      const written = writeExplanationPictures(found, i, image, context.directory, stem);
      Object.assign(item, await written.finally(() => image.dispose()));
    }
  });
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
    if (context.gradcam) {
      const { method = 'gradcam', layer } = context.gradcam;
      await writeExplanations(
        context,
        explainer(context.model, method, { layer }),
        input,
        shown,
        items,
        prefix,
      );
    }
    if (context.bcos)
      await writeExplanations(context, explainer(context.model, 'bcos'), input, shown, items, prefix);
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
