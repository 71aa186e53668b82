import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageDataset } from '@bcos/datasets';
import { celeba, cifar10, generateFaces, generateShapes } from '@bcos/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, printTable } from '../harness';

const BATCH_SIZE = 128;

/** Seconds to stream one shuffled epoch of batches (tensors created on the active backend, then disposed). */
async function epochSeconds(dataset: ImageDataset, seed: number): Promise<number> {
  const start = performance.now();
  for await (const batch of dataset.batches({
    batchSize: BATCH_SIZE,
    shuffle: true,
    seed,
    epoch: 0,
    prefetch: 2,
  })) {
    await batch.labels.data();
    tf.dispose([batch.images, batch.labels]);
  }
  return (performance.now() - start) / 1000;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

async function celebaRows(dir: string, count: number, sizes: number[]) {
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    const geometry = { split: 'all' as const, crop: 178, size };
    const direct = await celeba(dir, geometry);
    const decodeSeconds = await epochSeconds(direct, 1);
    const [cached, buildSeconds] = await timed(() => celeba(dir, { ...geometry, cache: join(dir, 'cache') }));
    const cachedSeconds = await epochSeconds(cached, 1);
    rows.push({
      size: `${size}×${size}`,
      'decode images/s': count / decodeSeconds,
      'cache build images/s': count / buildSeconds,
      'cached images/s': count / cachedSeconds,
      'cached / decode': decodeSeconds / cachedSeconds,
    });
  }
  return rows;
}

/**
 * `npm run bench -- datasets [--faces 3000] [--images 50000] [--backends cpu]`: throughput of the
 * CelebA pipeline (JPEG decode + centre crop 178 + resize, sharp on libuv's pool, concurrency =
 * cores) with and without the decoded cache, and one epoch of a CIFAR-10-format dataset.
 */
export async function run(args: BenchArgs): Promise<void> {
  const faceCount = Number(args.options.faces ?? 3000);
  const shapeCount = Number(args.options.images ?? 50_000);
  const dir = await mkdtemp(join(tmpdir(), 'bcos-bench-datasets-'));
  try {
    console.log(
      `# cores: ${availableParallelism()}, UV_THREADPOOL_SIZE: ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
    );
    const [, facesSeconds] = await timed(() =>
      generateFaces({ dir: join(dir, 'faces'), n: faceCount, seed: 0 }),
    );
    const [, shapesSeconds] = await timed(() =>
      generateShapes({ dir: join(dir, 'shapes'), n: shapeCount, testCount: 0, seed: 0 }),
    );
    console.log(
      `# generated ${faceCount} faces (178×218 JPEG) in ${facesSeconds.toFixed(1)} s, ${shapeCount} shapes in ${shapesSeconds.toFixed(1)} s`,
    );
    for await (const backend of eachBackend(args)) {
      printTable(
        `CelebA-format pipeline, ${faceCount} images, batch ${BATCH_SIZE} [${backend.name}]`,
        await celebaRows(join(dir, 'faces'), faceCount, [64, 128]),
      );
      const [train, loadSeconds] = await timed(() => cifar10(join(dir, 'shapes')));
      const seconds = await epochSeconds(train, 2);
      printTable(`CIFAR-10-format epoch, ${train.size} images, batch ${BATCH_SIZE} [${backend.name}]`, [
        { 'load s': loadSeconds, 'epoch s': seconds, 'images/s': train.size / seconds },
      ]);
      await rm(join(dir, 'faces', 'cache'), { recursive: true, force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
