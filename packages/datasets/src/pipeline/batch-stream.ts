import * as tf from '@tensorflow/tfjs-core';
import type { Batch, BatchOptions, ImageDataset } from '../types';
import { planEpoch } from './epoch-plan';

type BatchSource = Pick<ImageDataset, 'size' | 'imageShape' | 'get'>;

async function produceBatch(source: BatchSource, indices: Int32Array): Promise<Batch> {
  const { images, labels } = await source.get(indices);
  const [height, width, channels] = source.imageShape;
  const n = indices.length;
  return {
    images: tf.tensor4d(new Int32Array(images), [n, height, width, channels], 'int32'),
    labels: tf.tensor1d(labels, 'int32'),
    indices: Int32Array.from(indices),
  };
}

function disposeWhenSettled(pending: Promise<Batch>): Promise<void> {
  return pending.then(
    (batch) => tf.dispose([batch.images, batch.labels]),
    () => {},
  );
}

/**
 * The epoch stream behind every dataset's `batches()`: up to `prefetch` batches are read, decoded
 * and turned into tensors while the consumer works on the current one. Stopping early (break,
 * an error in the consumer) disposes what was prepared ahead before the loop ends.
 */
export async function* batchStream(source: BatchSource, options: BatchOptions): AsyncGenerator<Batch> {
  const plan = planEpoch(source.size, options);
  const ahead = options.prefetch ?? 2;
  const pending: Promise<Batch>[] = [];
  let next = 0;
  const schedule = (limit: number): void => {
    while (pending.length < limit && next < plan.length) {
      const batch = produceBatch(source, plan[next++]!);
      // Errors surface when the consumer reaches this batch, not as an unhandled rejection now.
      batch.catch(() => {});
      pending.push(batch);
    }
  };
  try {
    while (next < plan.length || pending.length > 0) {
      schedule(Math.max(1, ahead));
      const batch = await pending.shift()!;
      schedule(ahead);
      yield batch;
    }
  } finally {
    // Ending the loop (break, an error) resolves once the batches read ahead are disposed.
    await Promise.all(pending.map(disposeWhenSettled));
  }
}
