import { checkIndices } from './check-indices';
import { batchStream } from './pipeline/batch-stream';
import type { Batch, BatchOptions, ImageDataset } from './types';

export interface MemoryDatasetInit {
  name: string;
  /** N·H·W·C bytes, NHWC. */
  images: Uint8Array;
  labels: Int32Array;
  imageShape: readonly [number, number, number];
  classNames: readonly string[];
}

/** A dataset whose decoded images all fit in memory (CIFAR, IDX, generated sets). */
export class MemoryDataset implements ImageDataset {
  readonly name: string;
  readonly size: number;
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly images: Uint8Array;
  readonly labels: Int32Array;

  constructor(init: MemoryDatasetInit) {
    const imageBytes = init.imageShape[0] * init.imageShape[1] * init.imageShape[2];
    if (init.images.length !== init.labels.length * imageBytes) {
      throw new Error(
        `${init.name}: ${init.images.length} image bytes do not hold ${init.labels.length} images of ${init.imageShape.join('×')}`,
      );
    }
    this.name = init.name;
    this.size = init.labels.length;
    this.imageShape = init.imageShape;
    this.classNames = init.classNames;
    this.images = init.images;
    this.labels = init.labels;
  }

  async get(indices: ArrayLike<number>): Promise<{ images: Uint8Array; labels: Int32Array }> {
    checkIndices(this.name, this.size, indices);
    const [h, w, c] = this.imageShape;
    const imageBytes = h * w * c;
    const images = new Uint8Array(indices.length * imageBytes);
    const labels = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      images.set(this.images.subarray(index * imageBytes, (index + 1) * imageBytes), i * imageBytes);
      labels[i] = this.labels[index]!;
    }
    return { images, labels };
  }

  batches(options: BatchOptions): AsyncIterable<Batch> {
    return batchStream(this, options);
  }
}
