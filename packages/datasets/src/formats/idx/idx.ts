import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetFormatError } from '../../errors';
import { MemoryDataset } from '../../memory-dataset';
import { type IdxArray, readIdxFile } from './idx-format';

export interface IdxOptions {
  /** IDX file of N×H×W unsigned bytes (gzipped or not). */
  images: string;
  /** IDX file of N unsigned bytes. */
  labels: string;
  /** Default: '0', '1', … up to the largest label. */
  classNames?: readonly string[];
  name?: string;
  /** Zero-pad every image, centred, to padTo×padTo (e.g. 28 → 32 for the CIFAR models). */
  padTo?: number;
  /** 1 (default) or 3: repeat the grey value into RGB. */
  channels?: 1 | 3;
}

function checkImages(images: IdxArray, file: string): [number, number, number] {
  if (images.dims.length !== 3) {
    throw new DatasetFormatError(
      file,
      'header',
      `expected images of rank 3 (N×H×W), got ${images.dims.join('×')}`,
    );
  }
  if (images.dims.includes(0))
    throw new DatasetFormatError(file, 'header', `holds no images (${images.dims.join('×')})`);
  return images.dims as [number, number, number];
}

function checkLabels(
  labels: IdxArray,
  count: number,
  classCount: number | undefined,
  options: IdxOptions,
): void {
  if (labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new DatasetFormatError(
      options.labels,
      'header',
      `expected ${count} labels (one per image of ${options.images}), got ${labels.dims.join('×')}`,
    );
  }
  if (classCount === undefined) return;
  const bad = labels.data.findIndex((label) => label >= classCount);
  if (bad >= 0) {
    throw new DatasetFormatError(
      options.labels,
      `record ${bad}`,
      `label ${labels.data[bad]} is out of range 0..${classCount - 1}`,
    );
  }
}

/** Copies N grey H×W images into the centre of zero canvases of `shape` (H', W', C) with C equal channels. */
export function padAndRepeat(
  grey: Uint8Array,
  [count, height, width]: readonly [number, number, number],
  [outHeight, outWidth, channels]: readonly [number, number, number],
): Uint8Array {
  const out = new Uint8Array(count * outHeight * outWidth * channels);
  const top = Math.floor((outHeight - height) / 2);
  const left = Math.floor((outWidth - width) / 2);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const value = grey[(n * height + y) * width + x]!;
        const target = ((n * outHeight + y + top) * outWidth + x + left) * channels;
        for (let c = 0; c < channels; c++) out[target + c] = value;
      }
    }
  }
  return out;
}

function checkShapeOptions(padTo: number | undefined, channels: number, height: number, width: number): void {
  if (padTo !== undefined && (!Number.isInteger(padTo) || padTo < Math.max(height, width))) {
    throw new Error(
      `idx: padTo must be an integer ≥ ${Math.max(height, width)} (the image size), got ${padTo}`,
    );
  }
  if (channels !== 1 && channels !== 3) throw new Error(`idx: channels must be 1 or 3, got ${channels}`);
}

/** An image dataset from an IDX image file and an IDX label file (MNIST, Fashion-MNIST, EMNIST…). */
export async function idx(options: IdxOptions): Promise<MemoryDataset> {
  const { padTo, channels = 1 } = options;
  const [images, labels] = await Promise.all([readIdxFile(options.images), readIdxFile(options.labels)]);
  const [count, height, width] = checkImages(images, options.images);
  checkShapeOptions(padTo, channels, height, width);
  checkLabels(labels, count, options.classNames?.length, options);
  const largest = labels.data.reduce((max, label) => Math.max(max, label), 0);
  const classNames = options.classNames ?? Array.from({ length: largest + 1 }, (_, i) => String(i));
  const imageShape = [padTo ?? height, padTo ?? width, channels] as const;
  const reshaped =
    padTo === undefined && channels === 1
      ? images.data
      : padAndRepeat(images.data, [count, height, width], imageShape);
  return new MemoryDataset({
    name: options.name ?? options.images,
    images: reshaped,
    labels: Int32Array.from(labels.data),
    imageShape,
    classNames,
  });
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** `name`, or `name.gz` when only the compressed file is there. */
function existingFile(dir: string, name: string): string {
  const plain = join(dir, name);
  if (existsSync(plain)) return plain;
  if (existsSync(`${plain}.gz`)) return `${plain}.gz`;
  throw new Error(`${plain}(.gz): file not found`);
}

export interface FashionMnistOptions extends Pick<IdxOptions, 'padTo' | 'channels'> {
  split?: 'train' | 'test';
}

/** Fashion-MNIST from the directory of its four IDX files (as distributed, or gunzipped). */
export function fashionMnist(
  dir: string,
  { split = 'train', ...shape }: FashionMnistOptions = {},
): Promise<MemoryDataset> {
  if (split !== 'train' && split !== 'test')
    throw new Error(`fashionMnist: split must be 'train' or 'test', got '${split}'`);
  const prefix = split === 'train' ? 'train' : 't10k';
  return idx({
    images: existingFile(dir, `${prefix}-images-idx3-ubyte`),
    labels: existingFile(dir, `${prefix}-labels-idx1-ubyte`),
    classNames: FASHION_MNIST_CLASSES,
    name: `fashion-mnist-${split}`,
    ...shape,
  });
}
