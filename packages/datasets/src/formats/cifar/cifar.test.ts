import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../../archive/test-tar';
import { DatasetFormatError } from '../../errors';
import { temporaryDirectory } from '../../test-helpers';
import { cifar10, cifar100 } from './cifar';
import { CIFAR_IMAGE_BYTES, encodeCifarRecords } from './cifar-records';
import { CIFAR_RECORDS_FILE, encodeRecordManifest } from './record-manifest';

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

const SMALL_COUNTS = {
  'data_batch_1.bin': 3,
  'data_batch_2.bin': 3,
  'data_batch_3.bin': 3,
  'data_batch_4.bin': 3,
  'data_batch_5.bin': 3,
  'test_batch.bin': 2,
};

/** Small batches of 3 (test: 2) records, with the record manifest a generated dataset carries. */
function cifar10Files(
  counts: Record<string, number> = SMALL_COUNTS,
  manifest = true,
): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = { 'batches.meta.txt': `${CLASSES.join('\n')}\n\n` };
  Object.entries(counts).forEach(([name, count], f) => {
    files[name] = batch(f + 1, count);
  });
  if (manifest) files[CIFAR_RECORDS_FILE] = encodeRecordManifest(counts);
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
    const fineSet = await cifar100(root, { allowSubset: true });
    expect(Array.from(fineSet.labels)).toEqual([44, 99]);
    expect(fineSet.classNames).toEqual(fine);
    const coarseSet = await cifar100(root, { labels: 'coarse', allowSubset: true });
    expect(Array.from(coarseSet.labels)).toEqual([4, 19]);
    expect(coarseSet.classNames).toEqual(coarse);
  });

  it('refuses short and empty files unless the counts are given or a subset is asked for', async () => {
    // As reported: five 9,219-byte batches (3 records each) with data_batch_3 and test_batch empty.
    const dir = join(root, 'short');
    const counts = { ...SMALL_COUNTS, 'data_batch_3.bin': 0, 'test_batch.bin': 0 };
    await writeTree(dir, cifar10Files(counts, false));
    const hint = 'to read a subset, pass allowSubset: true';
    await expect(cifar10(dir)).rejects.toThrow(
      `${join(dir, 'data_batch_1.bin')}: short: 3 records, expected 10000 (an official CIFAR-10 batch file holds 10,000; ${hint})`,
    );
    await expect(cifar10(dir, { split: 'test' })).rejects.toThrow(
      `${join(dir, 'test_batch.bin')}: empty (0 records), expected 10000`,
    );
    await expect(cifar10(dir, { allowSubset: true })).rejects.toThrow(
      `${join(dir, 'data_batch_3.bin')}: empty: a CIFAR file holds at least one record`,
    );
    await writeFile(join(dir, 'data_batch_3.bin'), batch(3, 1));
    expect((await cifar10(dir, { allowSubset: true })).size).toBe(13);
  });

  it('checks the counts of a record manifest, and refuses a split it leaves empty', async () => {
    const dir = join(root, 'manifest');
    await writeTree(dir, cifar10Files({ ...SMALL_COUNTS, 'test_batch.bin': 0 }));
    await expect(cifar10(dir, { split: 'test' })).rejects.toThrow(
      `${join(dir, CIFAR_RECORDS_FILE)}: cifar10-test holds no images (test_batch.bin: 0 records)`,
    );
    await writeFile(join(dir, 'data_batch_4.bin'), batch(4, 2));
    await expect(cifar10(dir)).rejects.toThrow(
      `${join(dir, 'data_batch_4.bin')}: short: 2 records, expected 3 (${join(dir, CIFAR_RECORDS_FILE)} gives 3)`,
    );
    const { 'data_batch_1.bin': _, ...misnamed } = { ...SMALL_COUNTS, 'data_batch_1.bil': 3 };
    await writeFile(join(dir, CIFAR_RECORDS_FILE), encodeRecordManifest(misnamed));
    await expect(cifar10(dir)).rejects.toThrow(
      `${join(dir, CIFAR_RECORDS_FILE)}: gives no record count for data_batch_1.bin`,
    );
    await writeFile(join(dir, CIFAR_RECORDS_FILE), '{"records": 3}');
    await expect(cifar10(dir)).rejects.toThrow(
      `${join(dir, CIFAR_RECORDS_FILE)}: expected {format: 'bcos-cifar-records'`,
    );
  });

  it('refuses short and empty CIFAR-100 files', async () => {
    const dir = join(root, 'short-100', 'cifar-100-binary');
    const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    await writeTree(dir, {
      'train.bin': encodeCifarRecords(new Uint8Array(3 * CIFAR_IMAGE_BYTES), [
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      'test.bin': new Uint8Array(0),
      'fine_label_names.txt': names(100, 'f').join('\n'),
      'coarse_label_names.txt': names(20, 'c').join('\n'),
    });
    await expect(cifar100(dir)).rejects.toThrow(
      `${join(dir, 'train.bin')}: short: 3 records, expected 50000 (the official CIFAR-100 train.bin holds 50,000;`,
    );
    await expect(cifar100(dir, { split: 'test', allowSubset: true })).rejects.toThrow(
      `${join(dir, 'test.bin')}: empty: a CIFAR file holds at least one record`,
    );
  });

  it('property: a truncated or flipped file of a folder gives its data or an error naming that file', async () => {
    const files = cifar10Files();
    const names = Object.keys(files);
    const change = fc.record({
      file: fc.constantFrom(...names),
      cut: fc.option(fc.nat(), { nil: undefined }),
      flip: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { nil: undefined }),
    });
    const dir = join(root, 'fuzz');
    await writeTree(dir, files);
    const good = await cifar10(dir);
    await fc.assert(
      fc.asyncProperty(change, async ({ file, cut, flip }) => {
        const original = new Uint8Array(Buffer.from(files[file]!));
        const damaged = original.slice(0, cut === undefined ? undefined : cut % original.length);
        if (flip && damaged.length > 0) damaged[flip.at % damaged.length]! ^= flip.xor;
        await writeFile(join(dir, file), damaged);
        try {
          const read = await cifar10(dir, { split: file === 'test_batch.bin' ? 'test' : 'train' });
          // Only a flipped pixel, label or blank can pass (the format has no checksum), never a cut batch.
          if (file.endsWith('.bin')) expect(damaged.length).toBe(original.length);
          if (file !== 'test_batch.bin') expect(read.size).toBe(good.size);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          // A changed count in bcos-records.json is reported on the batch file, naming both.
          expect((error as Error).message).toContain(join(dir, file));
        } finally {
          await writeFile(join(dir, file), original);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('property: a truncated or flipped .tar.gz gives its data or an error naming the archive', async () => {
    const archive = new Uint8Array(await readFile(join(root, 'cifar-10-binary.tar.gz')));
    const target = join(root, 'fuzz.tar.gz');
    const change = fc.oneof(
      fc.record({ cut: fc.integer({ min: 0, max: archive.length - 1 }) }),
      fc.record({
        at: fc.integer({ min: 0, max: archive.length - 1 }),
        xor: fc.integer({ min: 1, max: 255 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const damaged = 'cut' in c ? archive.slice(0, c.cut) : archive.slice();
        if ('at' in c) damaged[c.at]! ^= c.xor;
        await writeFile(target, damaged);
        try {
          expect((await cifar10(target)).size).toBe(15);
          expect('cut' in c).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message.startsWith(target)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rejects unknown options', async () => {
    await expect(cifar10(root, { split: 'valid' as 'train' })).rejects.toThrow(
      "cifar10: split must be 'train' or 'test', got 'valid'",
    );
    await expect(cifar10(join(root, 'nowhere'))).rejects.toThrow('no such file or directory');
    await expect(cifar100(root, { allowSubset: 'yes' as unknown as boolean })).rejects.toThrow(
      'cifar100: allowSubset must be true or false, got "yes"',
    );
  });
});
