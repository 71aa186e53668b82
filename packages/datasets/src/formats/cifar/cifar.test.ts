import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../../archive/test-tar';
import { temporaryDirectory } from '../../test-helpers';
import { cifar10, cifar100 } from './cifar';
import { CIFAR_IMAGE_BYTES, encodeCifarRecords } from './cifar-records';

const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Record r of file f: every byte of its image is 10·f + r, its label (f + r) mod 10. */
function batch(file: number, records: number): Uint8Array {
  const images = new Uint8Array(records * CIFAR_IMAGE_BYTES);
  for (let r = 0; r < records; r++)
    images.fill(10 * file + r, r * CIFAR_IMAGE_BYTES, (r + 1) * CIFAR_IMAGE_BYTES);
  return encodeCifarRecords(
    images,
    Array.from({ length: records }, (_, r) => [(file + r) % 10]),
  );
}

function cifar10Files(): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = { 'batches.meta.txt': `${CLASSES.join('\n')}\n\n` };
  for (let f = 1; f <= 5; f++) files[`data_batch_${f}.bin`] = batch(f, 3);
  files['test_batch.bin'] = batch(6, 2);
  return files;
}

async function writeTree(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
}

describe('cifar10 / cifar100', () => {
  let root: string;
  beforeAll(async () => {
    root = await temporaryDirectory();
    await writeTree(join(root, 'extracted', 'cifar-10-batches-bin'), cifar10Files());
    const inArchive = Object.fromEntries(
      Object.entries(cifar10Files()).map(([name, data]) => [`cifar-10-batches-bin/${name}`, data]),
    );
    await writeFile(join(root, 'cifar-10-binary.tar.gz'), makeTar(inArchive, { gzip: true }));
  });

  it('reads the five training batches in order, from the directory, its folder or the .tar.gz', async () => {
    for (const path of [
      join(root, 'extracted'),
      join(root, 'extracted', 'cifar-10-batches-bin'),
      join(root, 'cifar-10-binary.tar.gz'),
    ]) {
      const train = await cifar10(path);
      expect(train.size).toBe(15);
      expect(train.imageShape).toEqual([32, 32, 3]);
      expect(train.classNames).toEqual(CLASSES);
      const { images, labels } = await train.get([0, 4, 14]);
      expect([images[0], images[CIFAR_IMAGE_BYTES], images[2 * CIFAR_IMAGE_BYTES]]).toEqual([10, 21, 52]);
      expect(Array.from(labels)).toEqual([1, 3, 7]);
    }
  });

  it('reads the test batch', async () => {
    const test = await cifar10(join(root, 'cifar-10-binary.tar.gz'), { split: 'test' });
    expect(test.size).toBe(2);
    expect(Array.from(test.labels)).toEqual([6, 7]);
  });

  it('names missing files and members', async () => {
    const dir = join(root, 'incomplete');
    const files = cifar10Files();
    delete files['data_batch_3.bin'];
    await writeTree(dir, files);
    await expect(cifar10(dir)).rejects.toThrow(`${join(dir, 'data_batch_3.bin')}: file not found`);
    const archive = join(root, 'incomplete.tar.gz');
    await writeFile(archive, makeTar({ 'cifar-10-batches-bin/batches.meta.txt': 'x' }, { gzip: true }));
    await expect(cifar10(archive, { split: 'test' })).rejects.toThrow(
      `${archive}: the archive has no cifar-10-batches-bin/test_batch.bin`,
    );
  });

  it('names a corrupt archive and a class-name file with the wrong count', async () => {
    const archive = join(root, 'corrupt.tar.gz');
    const good = makeTar({ 'a.bin': new Uint8Array(5000).fill(3) }, { gzip: true });
    await writeFile(archive, good.subarray(0, good.length - 20));
    await expect(cifar10(archive)).rejects.toThrow(`${archive}: corrupt or truncated gzip data`);
    const dir = join(root, 'bad-meta');
    await writeTree(dir, { ...cifar10Files(), 'batches.meta.txt': 'cat\ndog\n' });
    await expect(cifar10(dir)).rejects.toThrow(
      `${join(dir, 'batches.meta.txt')}: expected 10 class names, one a line, found 2`,
    );
  });

  it('reads CIFAR-100 with fine or coarse labels', async () => {
    const dir = join(root, 'cifar-100-binary');
    const images = new Uint8Array(2 * CIFAR_IMAGE_BYTES).fill(9);
    const fine = Array.from({ length: 100 }, (_, i) => `fine${i}`);
    const coarse = Array.from({ length: 20 }, (_, i) => `coarse${i}`);
    await writeTree(dir, {
      'train.bin': encodeCifarRecords(images, [
        [4, 44],
        [19, 99],
      ]),
      'fine_label_names.txt': fine.join('\n'),
      'coarse_label_names.txt': coarse.join('\n'),
    });
    const fineSet = await cifar100(root);
    expect(Array.from(fineSet.labels)).toEqual([44, 99]);
    expect(fineSet.classNames).toEqual(fine);
    const coarseSet = await cifar100(root, { labels: 'coarse' });
    expect(Array.from(coarseSet.labels)).toEqual([4, 19]);
    expect(coarseSet.classNames).toEqual(coarse);
  });

  it('rejects unknown options', async () => {
    await expect(cifar10(root, { split: 'valid' as 'train' })).rejects.toThrow(
      "cifar10: split must be 'train' or 'test', got 'valid'",
    );
    await expect(cifar10(join(root, 'nowhere'))).rejects.toThrow('no such file or directory');
  });
});
