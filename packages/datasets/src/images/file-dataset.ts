import { createHash } from 'node:crypto';
import { type BigIntStats, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileError } from '@bcos/backend';
import { checkIndices } from '../check-indices';
import { DatasetFormatError } from '../errors';
import { batchStream } from '../pipeline/batch-stream';
import { Limiter } from '../pipeline/limiter';
import { readFileNamed } from '../read-file';
import type { Batch, BatchOptions, ImageDataset } from '../types';
import { type DecodeOptions, decodeImageFile, encodedImageSize } from './decode';
import { type CacheKey, DecodedCache } from './decoded-cache';
import { geometryShape } from './geometry';
import { type Decoded, scanImages } from './scan-images';

export interface FileImagesOptions extends DecodeOptions {
  /**
   * Directory of the decoded cache: built (one file per split) when the dataset is opened, reused
   * by later opens while it matches the files and options, so epochs read bytes instead of decoding.
   */
  cache?: string;
  /** Skip images that fail to decode, with a warning and a count, instead of failing. */
  skipUnreadable?: boolean;
  /** Decodes in flight at once (default: the number of cores). */
  concurrency?: number;
  /** Progress of a cache build or of the validation pass of `skipUnreadable`. */
  onProgress?: (done: number, total: number) => void;
}

export interface FileImagesInit extends FileImagesOptions {
  name: string;
  /** Names the cache file; the same images under other labels share it. */
  cacheName: string;
  files: readonly string[];
  labels: Int32Array;
  classNames: readonly string[];
}

type Shape = readonly [number, number, number];

async function imageShapeOf(init: FileImagesInit): Promise<Shape> {
  const channels = init.channels ?? 3;
  const fixed = geometryShape(init);
  if (fixed) return [...fixed, channels];
  const first = init.files[0]!;
  const [height, width] = await encodedImageSize(await readFileNamed(first), first);
  return [height, width, channels];
}

async function decodeChecked(file: string, options: DecodeOptions, shape: Shape): Promise<Uint8Array> {
  const image = await decodeImageFile(file, options);
  if (image.height !== shape[0] || image.width !== shape[1] || image.channels !== shape[2]) {
    throw new DatasetFormatError(
      file,
      undefined,
      `decodes to ${image.height}×${image.width}×${image.channels}, the dataset's images are ${shape.join('×')}; pass a size (or crop) to make them equal`,
    );
  }
  return image.data;
}

function decodeOptionsOf({ crop, size, channels }: FileImagesInit): DecodeOptions {
  return { crop, size, channels };
}

function statNamed(file: string): BigIntStats {
  try {
    return statSync(file, { bigint: true });
  } catch (error) {
    throw fileError(file, 'reading', error);
  }
}

/**
 * SHA-256 of each file's path, size and modification time (ns), in order. Synchronous stats are
 * 3× faster than queued ones here (a few seconds for CelebA's 202,599), yielding now and then.
 */
async function filesHash(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const [i, file] of files.entries()) {
    if (i % 4096 === 4095) await new Promise(setImmediate);
    const { size, mtimeNs } = statNamed(file);
    hash.update(`${file}\0${size}\0${mtimeNs}\n`);
  }
  return hash.digest('hex');
}

async function cacheKey(init: FileImagesInit): Promise<CacheKey> {
  const { crop, size, channels = 3, skipUnreadable = false } = init;
  return {
    source: init.cacheName,
    filesHash: await filesHash(init.files),
    sourceCount: init.files.length,
    decode: { crop, size, channels, skipUnreadable },
  };
}

function warnSkipped(name: string, skipped: readonly string[], reason?: string): void {
  if (skipped.length === 0) return;
  const example = reason ?? skipped[0];
  console.warn(
    `${name}: skipped ${skipped.length} unreadable image${skipped.length === 1 ? '' : 's'} (first: ${example})`,
  );
}

/** Images stored as files (JPEG, PNG…), decoded on demand or read from a decoded cache. */
export class FileImageDataset implements ImageDataset {
  readonly size: number;
  readonly labels: Int32Array;
  /** Index into the opened file list of each image; differs from 0…size−1 only when some were skipped. */
  readonly sourceIndices: Int32Array;
  /** Files that failed to decode and were left out (`skipUnreadable`). */
  readonly skippedFiles: readonly string[];

  constructor(
    private readonly init: FileImagesInit,
    readonly imageShape: Shape,
    sourceIndices: Int32Array,
    private readonly limiter: Limiter,
    private readonly cache: DecodedCache | undefined,
  ) {
    this.size = sourceIndices.length;
    this.sourceIndices = sourceIndices;
    this.labels = Int32Array.from(sourceIndices, (i) => init.labels[i]!);
    const kept = new Set(sourceIndices);
    this.skippedFiles = init.files.filter((_, i) => !kept.has(i));
  }

  get name(): string {
    return this.init.name;
  }

  get classNames(): readonly string[] {
    return this.init.classNames;
  }

  /** The file of image `index`. */
  file(index: number): string {
    checkIndices(this.name, this.size, [index]);
    return this.init.files[this.sourceIndices[index]!]!;
  }

  async get(indices: ArrayLike<number>): Promise<{ images: Uint8Array; labels: Int32Array }> {
    checkIndices(this.name, this.size, indices);
    const labels = Int32Array.from(indices, (i) => this.labels[i]!);
    const images = this.cache ? await this.cache.read(indices) : await this.decodeImages(indices);
    return { images, labels };
  }

  batches(options: BatchOptions): AsyncIterable<Batch> {
    return batchStream(this, options);
  }

  private async decodeImages(indices: ArrayLike<number>): Promise<Uint8Array> {
    const imageBytes = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    const images = new Uint8Array(indices.length * imageBytes);
    await this.limiter.forEach(indices, async (index, position) => {
      const file = this.init.files[this.sourceIndices[index]!]!;
      images.set(
        await decodeChecked(file, decodeOptionsOf(this.init), this.imageShape),
        position * imageBytes,
      );
    });
    return images;
  }
}

/** Decodes every image once, handing chunks on; unreadable ones are skipped or fail the pass. */
async function decodeAll(
  init: FileImagesInit,
  shape: Shape,
  limiter: Limiter,
  consume: (chunk: Decoded[]) => Promise<void>,
): Promise<void> {
  const skipped: string[] = [];
  let firstReason: string | undefined;
  const decode = (index: number) => decodeChecked(init.files[index]!, decodeOptionsOf(init), shape);
  await scanImages(
    { count: init.files.length, decode, limiter, onProgress: init.onProgress },
    async (chunk) => {
      for (const item of chunk) {
        if (!('error' in item)) continue;
        if (!init.skipUnreadable) throw item.error;
        skipped.push(init.files[item.index]!);
        firstReason ??= item.error.message;
      }
      await consume(chunk);
    },
  );
  warnSkipped(init.name, skipped, firstReason);
}

async function openCached(init: FileImagesInit & { cache: string }, shape: Shape, limiter: Limiter) {
  const path = join(init.cache, `${init.cacheName.replace(/[^\w.-]+/g, '_')}-${shape.join('x')}.bcoscache`);
  const key = await cacheKey(init);
  const existing = await DecodedCache.open(path, key, shape, (damage) =>
    console.warn(`${init.name}: the decoded cache ${path} is damaged (${damage}); rebuilding it`),
  );
  if (existing) return { cache: existing, built: false };
  await DecodedCache.write(path, key, shape, (consume) => decodeAll(init, shape, limiter, consume));
  const built = await DecodedCache.open(path, key, shape);
  if (!built) throw new Error(`${path}: the decoded cache just written does not read back`);
  return { cache: built, built: true };
}

async function validateAll(init: FileImagesInit, shape: Shape, limiter: Limiter): Promise<Int32Array> {
  const kept: number[] = [];
  await decodeAll(init, shape, limiter, async (chunk) => {
    for (const item of chunk) if ('data' in item) kept.push(item.index);
  });
  return Int32Array.from(kept);
}

/**
 * Opens a dataset of image files. Decoding runs in sharp (libuv's thread pool, `concurrency` at a
 * time), so the batches a trainer prefetches are decoded while it computes.
 */
export async function openFileImages(init: FileImagesInit): Promise<FileImageDataset> {
  if (init.files.length === 0) throw new Error(`${init.name}: no images`);
  if (init.labels.length !== init.files.length)
    throw new Error(`${init.name}: ${init.labels.length} labels for ${init.files.length} files`);
  const limiter = new Limiter(init.concurrency ?? availableParallelism());
  const shape = await imageShapeOf(init);
  if (init.cache !== undefined) {
    const { cache, built } = await openCached({ ...init, cache: init.cache }, shape, limiter);
    const dataset = new FileImageDataset(init, shape, cache.sourceIndices, limiter, cache);
    if (!built) warnSkipped(init.name, dataset.skippedFiles);
    return dataset;
  }
  const all = Int32Array.from(init.files, (_, i) => i);
  const kept = init.skipUnreadable ? await validateAll(init, shape, limiter) : all;
  return new FileImageDataset(init, shape, kept, limiter, undefined);
}
