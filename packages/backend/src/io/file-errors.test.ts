import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FileAccessError, fileError, withFilePath } from './file-errors';

describe('withFilePath / fileError', () => {
  it('names the file of a system error, keeping its code and cause', async () => {
    const dir = await mkdtemp(`${tmpdir()}/bcos-file-errors-`);
    try {
      // Node's message for this one is "EISDIR: illegal operation on a directory, read".
      const error = await withFilePath(dir, 'reading', () => readFile(dir)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileAccessError);
      expect((error as FileAccessError).message).toBe(
        `${dir}: is a directory, expected a file (EISDIR, reading)`,
      );
      expect((error as FileAccessError).code).toBe('EISDIR');
      expect((error as FileAccessError).path).toBe(dir);
      expect(((error as Error).cause as Error).message).toMatch(/^EISDIR/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves other errors, and errors already naming a file, as they are', () => {
    const plain = new Error('not a file system error');
    expect(fileError('/x', 'reading', plain)).toBe(plain);
    const named = new FileAccessError('/a', 'ENOSPC', '/a: no space left on the device (ENOSPC, writing)');
    expect(fileError('/b', 'writing', named)).toBe(named);
    const odd = Object.assign(new Error('EWEIRD: something, open'), { code: 'EWEIRD' });
    expect(fileError('/c', 'reading', odd).message).toBe('/c: something, open (EWEIRD, reading)');
  });
});
