import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maybeGunzip } from '../../archive/gzip';
import { DatasetFormatError } from '../../errors';
import { encodeIdx, parseIdx } from './idx-format';

describe('parseIdx', () => {
  it('reads dimensions (big-endian) and unsigned bytes', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const parsed = parseIdx(encodeIdx([2, 3, 4], data), 'images.idx');
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(parsed.data).toEqual(data);
    const bytes = encodeIdx([300], new Uint8Array(300));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 1, 44]);
  });

  it('names a bad magic number, an unsupported type and a count/size mismatch', () => {
    expect(() => parseIdx(Uint8Array.of(1, 2, 3, 4), 'x.idx')).toThrow(
      'x.idx: byte 0: bad magic number [01 02 03 04]: not an IDX file (expected 00 00 <type> <rank>)',
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 0), 'f.idx')).toThrow(
      'f.idx: byte 2: element type float32: only unsigned bytes (0x08) are supported',
    );
    const short = encodeIdx([10, 28, 28], new Uint8Array(10 * 28 * 28)).subarray(0, 5000);
    expect(() => parseIdx(short, 'train-images')).toThrow(
      'train-images: header: count/size mismatch: dimensions 10×28×28 need 7840 data bytes, the file has 4984',
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0), 'h.idx')).toThrow(
      'h.idx: header: truncated: rank 3 needs 16 header bytes, file has 5',
    );
  });

  it('property: truncated or flipped files (plain or gzipped) give the encoded data or a clear error', async () => {
    const data = Uint8Array.from({ length: 3 * 5 * 4 }, (_, i) => (i * 7) % 256);
    const plain = encodeIdx([3, 5, 4], data);
    const gzipped = new Uint8Array(gzipSync(plain));
    const change = fc.record({
      gzip: fc.boolean(),
      cut: fc.option(fc.nat(), { nil: undefined }),
      flip: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ gzip, cut, flip }) => {
        const original = gzip ? gzipped : plain;
        const damaged = original.slice(0, cut === undefined ? original.length : cut % original.length);
        if (flip && damaged.length > 0) damaged[flip.at % damaged.length]! ^= flip.xor;
        try {
          const parsed = parseIdx(await maybeGunzip(damaged, 'f.idx'), 'f.idx');
          const bytes = gzip ? await maybeGunzip(damaged, 'f.idx') : damaged;
          expect(Buffer.from(encodeIdx(parsed.dims, parsed.data)).equals(bytes)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message).toMatch(/^f\.idx: /);
        }
      }),
      { numRuns: 300 },
    );
  });
});
