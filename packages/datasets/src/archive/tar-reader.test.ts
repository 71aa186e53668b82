import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors';
import { readTar, type TarEntry } from './tar-reader';
import { makeTar } from './test-tar';

async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function entries(
  bytes: Uint8Array,
  chunkSize = 700,
  wanted?: (path: string) => boolean,
): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const entry of readTar(chunked(bytes, chunkSize), 'test.tar', wanted)) out.push(entry);
  return out;
}

const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

describe('readTar', () => {
  it('reads the files of a ustar archive whatever the chunking', async () => {
    const archive = makeTar({ 'dir/a.txt': 'alpha', 'dir/b.bin': new Uint8Array(1500).fill(7), 'c.txt': '' });
    for (const size of [1, 511, 512, 4096]) {
      const found = await entries(archive, size);
      expect(found.map((e) => [e.path, e.size])).toEqual([
        ['dir/a.txt', 5],
        ['dir/b.bin', 1500],
        ['c.txt', 0],
      ]);
      expect(text(found[0]!.data)).toBe('alpha');
      expect(found[1]!.data).toEqual(new Uint8Array(1500).fill(7));
    }
  });

  it('returns data only for wanted files', async () => {
    const archive = makeTar({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    const found = await entries(archive, 512, (path) => path === 'b.txt');
    expect(found.map((e) => [e.path, e.data && text(e.data)])).toEqual([
      ['a.txt', undefined],
      ['b.txt', 'beta'],
    ]);
  });

  it('applies pax path records and GNU long names to the next entry', async () => {
    const long = `${'d'.repeat(120)}/file.txt`;
    const pax = `${long.length + 11} path=${long}\n`;
    const withPax = makeTar({ PaxHeader: pax, 'short.txt': 'pax' });
    withPax[156] = 'x'.charCodeAt(0);
    fixChecksum(withPax, 0);
    expect((await entries(withPax)).map((e) => e.path)).toEqual([long]);
    const withGnu = makeTar({ '././@LongLink': `${long}\0`, 'short.txt': 'gnu' });
    withGnu[156] = 'L'.charCodeAt(0);
    fixChecksum(withGnu, 0);
    expect((await entries(withGnu)).map((e) => e.path)).toEqual([long]);
  });

  it('names the byte of a truncated archive and of a corrupted header', async () => {
    const archive = makeTar({ 'a.txt': 'alpha' });
    await expect(entries(archive.subarray(0, 600))).rejects.toThrow(
      'test.tar: byte 600: truncated: the archive ends inside a.txt',
    );
    await expect(entries(archive.subarray(0, 1024))).rejects.toThrow(
      'test.tar: header at byte 1024: truncated: no end-of-archive block',
    );
    const flipped = archive.slice();
    flipped[3]! ^= 1;
    await expect(entries(flipped)).rejects.toThrow(
      'test.tar: header at byte 0: header checksum mismatch: not a tar archive, or corrupted',
    );
  });

  it('property: truncations and byte flips give the original files or a clear error', async () => {
    const files = { 'x/one.bin': new Uint8Array(700).fill(1), 'x/two.txt': 'two' };
    const archive = makeTar(files);
    const corruption = fc.oneof(
      fc.record({ cut: fc.integer({ min: 0, max: archive.length - 1 }) }),
      fc.record({
        at: fc.integer({ min: 0, max: archive.length - 1 }),
        xor: fc.integer({ min: 1, max: 255 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(corruption, async (change) => {
        const damaged = 'cut' in change ? archive.slice(0, change.cut) : archive.slice();
        if ('at' in change) damaged[change.at]! ^= change.xor;
        try {
          const found = await entries(damaged, 300);
          // Flips in file data or padding are not detectable in tar (it has no data checksum);
          // they must then show up as exactly that data, with every header intact.
          expect(found.map((e) => e.path)).toEqual(Object.keys(files));
          expect(Buffer.from(found[0]!.data!).equals(damaged.subarray(512, 1212))).toBe(true);
          expect(Buffer.from(found[1]!.data!).equals(damaged.subarray(2048, 2051))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message).toMatch(/^test\.tar: (header at )?byte \d+: /);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function fixChecksum(archive: Uint8Array, offset: number): void {
  const header = archive.subarray(offset, offset + 512);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}
