import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors';
import { createRandom } from '../random';
import { temporaryDirectory } from '../test-helpers';
import { extractArchive } from './extract';
import { makeTar } from './test-tar';

describe('extractArchive', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
  });

  it('extracts .tar.gz and .zip (stored and deflated entries) into the directory', async () => {
    const tarPath = join(dir, 'a.tar.gz');
    await writeFile(tarPath, makeTar({ 'x/one.txt': 'one', 'x/y/two.txt': 'two' }, { gzip: true }));
    expect((await extractArchive(tarPath, join(dir, 'out-tar'))).sort()).toEqual([
      join(dir, 'out-tar', 'x', 'one.txt'),
      join(dir, 'out-tar', 'x', 'y', 'two.txt'),
    ]);
    expect(await readFile(join(dir, 'out-tar', 'x', 'y', 'two.txt'), 'utf8')).toBe('two');
    const zipPath = join(dir, 'a.zip');
    const big = new Uint8Array(20_000).map((_, i) => i % 7);
    await writeFile(
      zipPath,
      zipSync({ 'img/big.bin': big, 'img/small.txt': [new TextEncoder().encode('s'), { level: 0 }] }),
    );
    await extractArchive(zipPath, join(dir, 'out-zip'));
    expect(await readFile(join(dir, 'out-zip', 'img', 'big.bin'))).toEqual(Buffer.from(big));
    expect(await readFile(join(dir, 'out-zip', 'img', 'small.txt'), 'utf8')).toBe('s');
  });

  it('refuses entries that would land outside the directory', async () => {
    const evil = join(dir, 'evil.tar.gz');
    await writeFile(evil, makeTar({ '../escaped.txt': 'no' }, { gzip: true }));
    await expect(extractArchive(evil, join(dir, 'out-evil'))).rejects.toThrow(
      `${evil}: entry ../escaped.txt: refusing a path outside the extraction directory`,
    );
  });

  it('names a truncated zip and unknown archive types', async () => {
    const random = createRandom(3);
    const zip = zipSync({ 'a.bin': Uint8Array.from({ length: 50_000 }, () => random() * 256) });
    const truncated = join(dir, 'truncated.zip');
    await writeFile(truncated, zip.subarray(0, 20_000));
    await expect(extractArchive(truncated, join(dir, 'out-truncated'))).rejects.toThrow(
      `${truncated}: no end-of-central-directory record: truncated, or not a zip file`,
    );
    await expect(extractArchive(join(dir, 'a.rar'), dir)).rejects.toThrow('unknown archive type');
  });

  it('checks the gzip trailer of a .tar.gz even when the tar ends before it', async () => {
    // Cut in the CRC-32 / length trailer, or a flipped trailer byte: the tar inside reads whole.
    const whole = makeTar({ 'x/one.txt': 'one' }, { gzip: true });
    const flipped = whole.slice();
    flipped[whole.length - 6]! ^= 1;
    for (const [name, bytes] of [
      ['cut.tar.gz', whole.subarray(0, whole.length - 3)],
      ['crc.tar.gz', flipped],
    ] as const) {
      const archive = join(dir, name);
      await writeFile(archive, bytes);
      await expect(extractArchive(archive, join(dir, `out-${name}`))).rejects.toThrow(
        `${archive}: corrupt or truncated gzip data`,
      );
    }
  });

  it('property: truncated or flipped zips extract the original files or fail naming the archive', async () => {
    const random = createRandom(4);
    const files = {
      'd/packed.bin': Uint8Array.from({ length: 3000 }, (_, i) => (i % 50 < 25 ? 7 : random() * 256)),
      'd/stored.txt': [new TextEncoder().encode('stored text '.repeat(20)), { level: 0 as const }] as const,
    };
    const zip = zipSync({
      'd/packed.bin': files['d/packed.bin'],
      'd/stored.txt': [...files['d/stored.txt']],
    });
    const path = join(dir, 'damaged.zip');
    const change = fc.record({
      cut: fc.integer({ min: 0, max: zip.length }),
      flip: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { nil: undefined }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(change, async ({ cut, flip }) => {
        const damaged = zip.slice(0, cut);
        if (flip && damaged.length > 0) damaged[flip.at % damaged.length]! ^= flip.xor;
        await writeFile(path, damaged);
        const out = join(dir, `property-${run++}`);
        try {
          await extractArchive(path, out);
          expect(await readFile(join(out, 'd', 'packed.bin'))).toEqual(Buffer.from(files['d/packed.bin']));
          expect(await readFile(join(out, 'd', 'stored.txt'))).toEqual(Buffer.from(files['d/stored.txt'][0]));
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message.startsWith(`${path}: `)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
