import { checkIndices } from './check-indices';
import { batchStream } from './pipeline/batch-stream';
import { permutation } from './random';
import type { Batch, BatchOptions, ImageDataset } from './types';

/** The images of `parent` at `indices`, in that order, as a dataset of its own. */
class SubsetDataset implements ImageDataset {
  readonly size: number;
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];

  constructor(
    readonly parent: ImageDataset,
    readonly parentIndices: Int32Array,
    readonly name: string,
  ) {
    checkIndices(parent.name, parent.size, parentIndices);
    this.size = parentIndices.length;
    this.imageShape = parent.imageShape;
    this.classNames = parent.classNames;
  }

  async get(indices: ArrayLike<number>): Promise<{ images: Uint8Array; labels: Int32Array }> {
    checkIndices(this.name, this.size, indices);
    return this.parent.get(Int32Array.from(indices, (i) => this.parentIndices[i]!));
  }

  batches(options: BatchOptions): AsyncIterable<Batch> {
    return batchStream(this, options);
  }
}

/** The images at `indices` (into `dataset`) as a dataset. */
export function subset(dataset: ImageDataset, indices: ArrayLike<number>, name?: string): ImageDataset {
  return new SubsetDataset(
    dataset,
    Int32Array.from(indices),
    name ?? `${dataset.name}[subset ${indices.length}]`,
  );
}

/** The first `count` images. */
export function take(dataset: ImageDataset, count: number): ImageDataset {
  if (!Number.isInteger(count) || count < 0 || count > dataset.size) {
    throw new RangeError(
      `take(${dataset.name}): count must be an integer in 0..${dataset.size}, got ${count}`,
    );
  }
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return subset(dataset, indices, `${dataset.name}[:${count}]`);
}

/**
 * Splits `dataset` into disjoint random parts of the given sizes (which must add up to its size),
 * the same parts for the same seed: `const [train, validation] = split(cifarTrain, [45_000, 5_000], {seed: 0})`.
 * Each part lists its images in ascending dataset order.
 */
export function split(
  dataset: ImageDataset,
  sizes: readonly number[],
  { seed = 0 }: { seed?: number } = {},
): ImageDataset[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (sizes.some((size) => !Number.isInteger(size) || size < 0) || total !== dataset.size) {
    throw new RangeError(
      `split(${dataset.name}): sizes must be integers ≥ 0 adding up to ${dataset.size}, got [${sizes.join(', ')}]`,
    );
  }
  const order = permutation(dataset.size, seed);
  let start = 0;
  return sizes.map((size, part) => {
    const indices = order.slice(start, start + size).sort();
    start += size;
    return subset(dataset, indices, `${dataset.name}[split ${part}: ${size}]`);
  });
}
