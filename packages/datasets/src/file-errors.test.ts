import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeWithSystemPart } from '@bcos/backend/testing';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractArchive } from './archive/extract';
import { makeTar } from './archive/test-tar';
import { fileDigest } from './download/checksum';
import { cifar10 } from './formats/cifar/cifar';
import { CIFAR_IMAGE_BYTES, encodeCifarRecords } from './formats/cifar/cifar-records';
import { readIdxFile } from './formats/idx/idx-format';
import { decodeImageFile } from './images/decode';
import { openMasks } from './masks';
import { temporaryDirectory } from './test-helpers';

const isDirectory = (path: string) => `${path}: is a directory, expected a file (EISDIR, reading)`;
const noSpace = (path: string) => `${path}: no space left on the device (ENOSPC, writing)`;

describe('a directory where a file should be: the error names it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
  });

  /** A directory at `name` inside `parent` (created). */
  async function directoryAt(parent: string, name: string): Promise<string> {
    const path = join(parent, name);
    await mkdir(path, { recursive: true });
    return path;
  }

  it('CIFAR batch and meta files', async () => {
    const root = join(dir, 'cifar');
    const batch = encodeCifarRecords(new Uint8Array(CIFAR_IMAGE_BYTES), [[1]]);
    for (let i = 1; i <= 5; i++) await directoryAt(root, `data_batch_${i}.bin`);
    await writeFile(join(root, 'test_batch.bin'), batch);
    await writeFile(join(root, 'batches.meta.txt'), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
    await expect(cifar10(root, { allowSubset: true })).rejects.toThrow(
      isDirectory(join(root, 'data_batch_1.bin')),
    );
    await expect(cifar10(root, { split: 'test', allowSubset: true })).resolves.toBeDefined();
    await directoryAt(join(dir, 'meta'), '.');
    const metaRoot = join(dir, 'meta');
    await writeFile(join(metaRoot, 'test_batch.bin'), batch);
    await directoryAt(metaRoot, 'batches.meta.txt');
    await expect(cifar10(metaRoot, { split: 'test', allowSubset: true })).rejects.toThrow(
      isDirectory(join(metaRoot, 'batches.meta.txt')),
    );
  });

  it('IDX files, mask files, images, archives and checksummed downloads', async () => {
    const path = await directoryAt(dir, 'thing');
    await expect(readIdxFile(path)).rejects.toThrow(isDirectory(path));
    await expect(openMasks(path)).rejects.toThrow(isDirectory(path));
    await expect(decodeImageFile(path)).rejects.toThrow(isDirectory(path));
    await expect(fileDigest(path, 'md5')).rejects.toThrow(isDirectory(path));
    for (const name of ['a.tar.gz', 'a.tar', 'a.zip']) {
      const archive = await directoryAt(dir, name);
      await expect(extractArchive(archive, join(dir, 'out'))).rejects.toThrow(isDirectory(archive));
    }
  });

  it('an extracted entry whose target is a directory', async () => {
    const archive = join(dir, 'entry.tar.gz');
    await writeFile(archive, makeTar({ 'x/one.txt': 'one' }, { gzip: true }));
    const target = await directoryAt(join(dir, 'entry-out'), 'x/one.txt');
    await expect(extractArchive(archive, join(dir, 'entry-out'))).rejects.toThrow(
      `${target}: is a directory, expected a file (EISDIR, writing)`,
    );
  });
});

// /dev/full fails every write with ENOSPC, as a full disk does: a symlink to it stands for a file
// on a full disk without mounting one.
describeWithSystemPart(
  'a full disk (ENOSPC): the error names the file being written',
  () => (existsSync('/dev/full') ? undefined : 'no /dev/full on this system'),
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await temporaryDirectory();
    });

    it('extracting .tar.gz and .zip entries', async () => {
      const tar = join(dir, 'a.tar.gz');
      await writeFile(tar, makeTar({ 'x/one.txt': 'one' }, { gzip: true }));
      const zip = join(dir, 'a.zip');
      await writeFile(zip, zipSync({ 'x/one.txt': new TextEncoder().encode('one') }));
      for (const archive of [tar, zip]) {
        const out = join(dir, `out-${archive.endsWith('.zip') ? 'zip' : 'tar'}`);
        await mkdir(join(out, 'x'), { recursive: true });
        await symlink('/dev/full', join(out, 'x', 'one.txt'));
        await expect(extractArchive(archive, out)).rejects.toThrow(noSpace(join(out, 'x', 'one.txt')));
      }
    });
  },
);
