/** Helpers for this package's tests (kept out of the published files by the `test-*` pattern). */
import { startOnce } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';

/** A float32 batch whose pixel values are `value(n, y, x, c)`. */
export function patternBatch(
  shape: [number, number, number, number],
  value: (n: number, y: number, x: number, c: number) => number,
): tf.Tensor4D {
  const [batch, height, width, channels] = shape;
  const data = new Float32Array(batch * height * width * channels);
  let i = 0;
  for (let n = 0; n < batch; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) data[i++] = value(n, y, x, c);
  return tf.tensor4d(data, shape);
}

/** Deterministic values in [0, 1), different for every element. */
export function noiseBatch(shape: [number, number, number, number], seed = 1): tf.Tensor4D {
  let state = seed >>> 0;
  return patternBatch(shape, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** Host copy of a batch as nested per-image access. */
export async function readBatch(batch: tf.Tensor4D) {
  const data = await batch.data();
  const [, height, width, channels] = batch.shape;
  return {
    data,
    at: (n: number, y: number, x: number, c = 0) => data[((n * height + y) * width + x) * channels + c]!,
  };
}

/** Runs `fn` with `backend` active and returns its output's values, then makes `previous` active again. */
export async function valuesOn(backend: string, fn: () => tf.Tensor): Promise<Float32Array> {
  const previous = tf.getBackend();
  await startOnce(backend as Parameters<typeof startOnce>[0]);
  await tf.setBackend(backend);
  try {
    const out = fn();
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

export type ReferenceBorder = 'constant' | 'reflect' | 'edge';

/**
 * A plain per-pixel bilinear / nearest sampler over one H×W×C image, for checking the batched one:
 * `source(x, y)` gives the input coordinates that output pixel (x, y) reads.
 */
export function referenceSample(
  image: ArrayLike<number>,
  [height, width, channels]: [number, number, number],
  [outHeight, outWidth]: [number, number],
  source: (x: number, y: number) => [number, number],
  {
    interpolation,
    border,
    fill,
  }: { interpolation: 'bilinear' | 'nearest'; border: ReferenceBorder; fill: number },
): Float64Array {
  const pixel = (y: number, x: number, c: number): number => {
    const yy = mapIndex(y, height, border);
    const xx = mapIndex(x, width, border);
    if (yy === undefined || xx === undefined) return fill;
    return image[(yy * width + xx) * channels + c]!;
  };
  const out = new Float64Array(outHeight * outWidth * channels);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const [sx, sy] = source(x, y);
      for (let c = 0; c < channels; c++) {
        out[(y * outWidth + x) * channels + c] =
          interpolation === 'nearest'
            ? pixel(Math.floor(sy + 0.5), Math.floor(sx + 0.5), c)
            : bilinear(sx, sy, (yy, xx) => pixel(yy, xx, c));
      }
    }
  }
  return out;
}

function bilinear(x: number, y: number, pixel: (y: number, x: number) => number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  return (
    (1 - fy) * ((1 - fx) * pixel(y0, x0) + fx * pixel(y0, x0 + 1)) +
    fy * ((1 - fx) * pixel(y0 + 1, x0) + fx * pixel(y0 + 1, x0 + 1))
  );
}

/** The pixel an integer index reads under each border rule; undefined means the fill value. */
function mapIndex(i: number, length: number, border: ReferenceBorder): number | undefined {
  if (i >= 0 && i < length) return i;
  if (border === 'constant') return undefined;
  if (border === 'edge') return Math.min(Math.max(i, 0), length - 1);
  if (length === 1) return 0;
  // Walk the mirror one reflection at a time: -1 → 1, length → length - 2.
  let j = i;
  while (j < 0 || j >= length) j = j < 0 ? -j : 2 * (length - 1) - j;
  return j;
}
