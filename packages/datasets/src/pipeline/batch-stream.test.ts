import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { countingDataset } from '../test-helpers';
import type { Batch, ImageDataset } from '../types';
import { batchStream } from './batch-stream';

async function collect(stream: AsyncIterable<Batch>) {
  const out: Array<{
    images: number[];
    labels: number[];
    indices: number[];
    shape: number[];
    dtype: string;
  }> = [];
  for await (const batch of stream) {
    out.push({
      images: Array.from(await batch.images.data()),
      labels: Array.from(await batch.labels.data()),
      indices: Array.from(batch.indices),
      shape: batch.images.shape,
      dtype: batch.images.dtype,
    });
    tf.dispose([batch.images, batch.labels]);
  }
  return out;
}

/** Wraps a dataset to record the order in which get() is called and when each call resolves. */
function recording(dataset: ImageDataset, log: string[], failAt?: number): ImageDataset {
  return {
    ...dataset,
    imageShape: dataset.imageShape,
    size: dataset.size,
    async get(indices) {
      log.push(`get ${indices[0]}`);
      if (indices[0] === failAt) throw new Error(`cannot read image ${failAt}`);
      return dataset.get(indices);
    },
  };
}

/** A dataset whose reads complete on a later turn of the event loop, as file reads do, and are counted. */
function readingLikeFiles(
  dataset: ImageDataset,
): ImageDataset & { reads: { started: number; done: number } } {
  const reads = { started: 0, done: 0 };
  return {
    ...dataset,
    imageShape: dataset.imageShape,
    size: dataset.size,
    reads,
    async get(indices) {
      reads.started++;
      await new Promise((resolve) => setImmediate(resolve));
      reads.done++;
      return dataset.get(indices);
    },
  };
}

describeBackends('batchStream', () => {
  it('yields int32 NHWC images, labels and indices equal to get() of the planned indices', async () => {
    const dataset = countingDataset(10);
    const batches = await expectNoLeaks(() =>
      collect(batchStream(dataset, { batchSize: 4, shuffle: true, seed: 1 })),
    );
    expect(batches.map((b) => b.shape)).toEqual([
      [4, 2, 3, 1],
      [4, 2, 3, 1],
      [2, 2, 3, 1],
    ]);
    expect(batches.every((b) => b.dtype === 'int32')).toBe(true);
    for (const batch of batches) {
      const expected = await dataset.get(batch.indices);
      expect(batch.images).toEqual(Array.from(expected.images));
      expect(batch.labels).toEqual(Array.from(expected.labels));
    }
    expect(batches.flatMap((b) => b.indices).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it('prepares `prefetch` batches ahead of the consumer', async () => {
    const log: string[] = [];
    const stream = batchStream(recording(countingDataset(12), log), { batchSize: 2, prefetch: 2 });
    for await (const batch of stream) {
      log.push(`consume ${batch.indices[0]}`);
      tf.dispose([batch.images, batch.labels]);
    }
    expect(log.slice(0, 5)).toEqual(['get 0', 'get 2', 'get 4', 'consume 0', 'get 6']);
  });

  it('reads on demand with prefetch 0', async () => {
    const log: string[] = [];
    for await (const batch of batchStream(recording(countingDataset(6), log), {
      batchSize: 2,
      prefetch: 0,
    })) {
      log.push(`consume ${batch.indices[0]}`);
      tf.dispose([batch.images, batch.labels]);
    }
    expect(log).toEqual(['get 0', 'consume 0', 'get 2', 'consume 2', 'get 4', 'consume 4']);
  });

  it('has disposed the batches prepared ahead when a loop that stops early ends', async () => {
    await expectNoLeaks(async () => {
      const dataset = readingLikeFiles(countingDataset(40));
      for await (const batch of batchStream(dataset, { batchSize: 4, prefetch: 3 })) {
        tf.dispose([batch.images, batch.labels]);
        break;
      }
      expect(dataset.reads).toEqual({ started: 4, done: 4 });
    });
  });

  it('reports a failing read when the consumer reaches that batch, leaking nothing', async () => {
    const files = readingLikeFiles(countingDataset(10));
    const dataset = recording(files, [], 4);
    const seen: number[] = [];
    await expectNoLeaks(async () => {
      const consume = async () => {
        for await (const batch of batchStream(dataset, { batchSize: 2, prefetch: 3 })) {
          seen.push(batch.indices[0]!);
          tf.dispose([batch.images, batch.labels]);
        }
      };
      await expect(consume()).rejects.toThrow('cannot read image 4');
      expect(files.reads.started).toBe(files.reads.done);
    });
    expect(seen).toEqual([0, 2]);
  });
});
