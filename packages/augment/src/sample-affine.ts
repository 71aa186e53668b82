import * as tf from '@tensorflow/tfjs-core';

export type Interpolation = 'bilinear' | 'nearest';
export const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

/**
 * What is read outside the image: `fill`, the mirror image without repeating the edge pixel
 * (torchvision's 'reflect', OpenCV's BORDER_REFLECT_101), or the nearest edge pixel.
 */
export type Border = 'constant' | 'reflect' | 'edge';
export const BORDERS: readonly Border[] = ['constant', 'reflect', 'edge'];

export interface AffineSampling {
  /**
   * Six numbers per image, [ax, bx, cx, ay, by, cy]: output pixel (x, y) reads the input at
   * (ax·x + bx·y + cx, ay·x + by·y + cy). Pixel centres sit at integer coordinates.
   */
  matrices: ArrayLike<number>;
  outHeight: number;
  outWidth: number;
  interpolation: Interpolation;
  border: Border;
  /** One value, or one per channel, read outside the image when border is 'constant'. */
  fill: readonly number[];
  /**
   * Four numbers per image, [top, left, height, width]: the part of the input that acts as the
   * image, for borders 'edge' and 'reflect'. Default: the whole image.
   */
  windows?: ArrayLike<number>;
}

/**
 * Rows and columns added before / after each image: the fill that 'constant' reads, and for the
 * other borders the memory that a zero-weight bilinear tap past the last pixel touches.
 */
const PAD_BEFORE = 1;
const PAD_AFTER = 2;

/**
 * Resamples every image of the batch through its own affine map, as gathers on the active
 * backend. Written with generic ops because tf.image.transform differs between backends in
 * tfjs 4.22: the cpu kernel transforms only the first image, and wasm's 'reflect' disagrees with cpu
 * and webgpu.
 */
export function sampleAffine(images: tf.Tensor4D, sampling: AffineSampling): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  if (sampling.matrices.length !== 6 * n) {
    throw new Error(`sampleAffine: need 6 numbers per image (${6 * n}), got ${sampling.matrices.length}`);
  }
  if (sampling.windows && sampling.border === 'constant') {
    throw new Error("sampleAffine: windows apply to borders 'edge' and 'reflect', not 'constant'");
  }
  if (sampling.border === 'constant' && sampling.fill.length !== 1 && sampling.fill.length !== channels) {
    throw new Error(`sampleAffine: fill needs 1 or ${channels} values, got ${sampling.fill.length}`);
  }
  return tf.tidy(() => {
    const pixels = pixelTable(padWith(images, sampling.border === 'constant' ? sampling.fill : [0]));
    const { xs, ys } = sourceCoordinates(n, sampling);
    const window = windowAxes(n, height, width, sampling.windows);
    const x = tf.add(toWindow(xs, window.columns, sampling.border), PAD_BEFORE);
    const y = tf.add(toWindow(ys, window.rows, sampling.border), PAD_BEFORE);
    const read = sampling.interpolation === 'nearest' ? readNearest : readBilinear;
    return tf.reshape(read(pixels, x, y), [n, sampling.outHeight, sampling.outWidth, channels]);
  });
}

/** Pads with one value per channel (one `tf.pad` when they are all equal). */
function padWith(images: tf.Tensor4D, fill: readonly number[]): tf.Tensor4D {
  const paddings: Array<[number, number]> = [
    [0, 0],
    [PAD_BEFORE, PAD_AFTER],
    [PAD_BEFORE, PAD_AFTER],
    [0, 0],
  ];
  if (fill.every((v) => v === fill[0])) return tf.pad(images, paddings, fill[0]);
  const channels = tf.split(images, fill.length, 3);
  return tf.concat(
    channels.map((channel, c) => tf.pad(channel, paddings, fill[c])),
    3,
  ) as tf.Tensor4D;
}

/** Input coordinates [N, outHeight·outWidth] of every output pixel: batched matMuls with the pixel grid. */
function sourceCoordinates(n: number, sampling: AffineSampling): { xs: tf.Tensor; ys: tf.Tensor } {
  const { outHeight, outWidth } = sampling;
  const [gridX, gridY] = tf.meshgrid(
    tf.range(0, outWidth, 1, 'float32'),
    tf.range(0, outHeight, 1, 'float32'),
  );
  const grid = tf.reshape(tf.stack([gridX!, gridY!, tf.onesLike(gridX!)]), [1, 3, outHeight * outWidth]);
  const matrices = Float32Array.from(sampling.matrices);
  // One matMul per axis rather than one split afterwards: tfjs-cpu splits a middle axis slowly.
  const axis = (first: number) => {
    const rows = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) rows.set(matrices.subarray(6 * i + first, 6 * i + first + 3), 3 * i);
    return tf.reshape(tf.matMul(tf.tensor3d(rows, [n, 1, 3]), grid), [n, -1]);
  };
  return { xs: axis(0), ys: axis(3) };
}

/** One axis of the region that acts as the image: scalars, or [N, 1] per image. */
interface AxisWindow {
  start: tf.Tensor;
  length: tf.Tensor;
}

function windowAxes(n: number, height: number, width: number, windows?: ArrayLike<number>) {
  if (!windows) {
    const whole = (length: number): AxisWindow => ({ start: tf.scalar(0), length: tf.scalar(length) });
    return { rows: whole(height), columns: whole(width) };
  }
  const [top, left, rows, columns] = tf.split(tf.tensor2d(Float32Array.from(windows), [n, 4]), 4, 1);
  return { rows: { start: top!, length: rows! }, columns: { start: left!, length: columns! } };
}

/**
 * Moves coordinates along one axis to where the border rule reads them: into the window, or for
 * 'constant' (whole image only) at most one step outside it, onto the fill. Mapping the continuous
 * coordinate gives the same bilinear taps as mapping each integer tap.
 */
function toWindow(coordinate: tf.Tensor, window: AxisWindow, border: Border): tf.Tensor {
  if (border === 'constant') return tf.minimum(tf.maximum(coordinate, -1), window.length);
  const last = tf.sub(window.length, 1);
  const relative = tf.sub(coordinate, window.start);
  const folded = border === 'reflect' ? reflect(relative, last) : relative;
  return tf.add(tf.minimum(tf.maximum(folded, 0), last), window.start);
}

/** Mirror without repeating the edge: …2 1 | 0 1 2 … last | last−1 …, period 2·last. */
function reflect(relative: tf.Tensor, last: tf.Tensor): tf.Tensor {
  const period = tf.maximum(tf.mul(last, 2), 1);
  const phase = tf.sub(relative, tf.mul(period, tf.floor(tf.div(relative, period))));
  return tf.sub(last, tf.abs(tf.sub(phase, last)));
}

/** The padded batch as one list of pixels, and where each image starts in it. */
interface PixelTable {
  values: tf.Tensor2D;
  rowLength: number;
  imageStart: tf.Tensor;
}

function pixelTable(padded: tf.Tensor4D): PixelTable {
  const [n, paddedHeight, paddedWidth, channels] = padded.shape;
  const imageSize = paddedHeight * paddedWidth;
  return {
    values: tf.reshape(padded, [-1, channels]),
    rowLength: paddedWidth,
    imageStart: tf.reshape(tf.range(0, n * imageSize, imageSize, 'int32'), [n, 1]),
  };
}

/** int32 indices into the pixel list, so that large batches stay exact. */
function pixelIndex(pixels: PixelTable, row: tf.Tensor, column: tf.Tensor): tf.Tensor2D {
  const withinImage = tf.add(
    tf.mul(tf.cast(row, 'int32'), tf.scalar(pixels.rowLength, 'int32')),
    tf.cast(column, 'int32'),
  );
  return tf.add(withinImage, pixels.imageStart) as tf.Tensor2D;
}

/** A flat gather: tfjs-wasm 4.22 gathers wrongly with batchDims. */
function gatherPixels(pixels: PixelTable, index: tf.Tensor2D): tf.Tensor3D {
  const [n, count] = index.shape;
  return tf.reshape(tf.gather(pixels.values, tf.reshape(index, [-1])), [n, count, -1]);
}

/** Rounds half up (floor(x + 0.5)): the same on every backend, unlike round-half-to-even. */
function readNearest(pixels: PixelTable, x: tf.Tensor, y: tf.Tensor): tf.Tensor3D {
  const nearest = (c: tf.Tensor) => tf.floor(tf.add(c, 0.5));
  return gatherPixels(pixels, pixelIndex(pixels, nearest(y), nearest(x)));
}

function readBilinear(pixels: PixelTable, x: tf.Tensor, y: tf.Tensor): tf.Tensor3D {
  const x0 = tf.floor(x);
  const y0 = tf.floor(y);
  const fx = tf.expandDims(tf.sub(x, x0), -1);
  const fy = tf.expandDims(tf.sub(y, y0), -1);
  const topLeft = pixelIndex(pixels, y0, x0);
  const bottomLeft = shift(topLeft, pixels.rowLength);
  const read = (index: tf.Tensor2D) => gatherPixels(pixels, index);
  const top = lerp(read(topLeft), read(shift(topLeft, 1)), fx);
  const bottom = lerp(read(bottomLeft), read(shift(bottomLeft, 1)), fx);
  return lerp(top, bottom, fy);
}

function shift(index: tf.Tensor2D, offset: number): tf.Tensor2D {
  return tf.add(index, tf.scalar(offset, 'int32'));
}

/** a + t·(b − a): exactly a where t = 0. */
function lerp(a: tf.Tensor3D, b: tf.Tensor3D, t: tf.Tensor): tf.Tensor3D {
  return tf.add(a, tf.mul(t, tf.sub(b, a)));
}
