import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithSystemPart } from '../testing';
import { writeAtomically, writeFileAtomic } from './atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcos-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes, replaces, and creates missing directories', async () => {
    const path = join(dir, 'a', 'b', 'file.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, new TextEncoder().encode('two'));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.txt']);
  });

  it('leaves the target as it was and no temp file when the final rename fails', async () => {
    const target = join(dir, 'target');
    await mkdir(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow(
      `${target}: is a directory, expected a file (EISDIR, writing)`,
    );
    expect(await readdir(dir)).toEqual(['target']);
    expect(await readdir(target)).toEqual(['inside']);
  });
});

describeWithSystemPart(
  'writeAtomically on a full disk',
  () => (existsSync('/dev/full') ? undefined : 'no /dev/full on this system'),
  () => {
    it('names the target when the disk is full (ENOSPC), and leaves nothing', async () => {
      // /dev/full fails every write with ENOSPC, as a full disk does; Node's message names no file.
      const target = join(dir, 'big.bin');
      const write = writeAtomically(target, async () => {
        await writeFile('/dev/full', 'x');
      });
      await expect(write).rejects.toThrow(`${target}: no space left on the device (ENOSPC, writing)`);
      expect(await readdir(dir)).toEqual([]);
    });
  },
);
