import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryDataset } from './memory-dataset';

/** A fresh temporary directory, removed after the file's tests. */
export async function temporaryDirectory(prefix = 'bcos-datasets-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** N images of 2×3×1 whose pixels encode the image index, labels index mod 3. */
export function countingDataset(size: number): MemoryDataset {
  const images = new Uint8Array(size * 6);
  for (let i = 0; i < size; i++) images.fill(i % 256, i * 6, (i + 1) * 6);
  const labels = Int32Array.from({ length: size }, (_, i) => i % 3);
  return new MemoryDataset({
    name: 'counting',
    images,
    labels,
    imageShape: [2, 3, 1],
    classNames: ['a', 'b', 'c'],
  });
}
