import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../errors';
import {
  CIFAR_IMAGE_BYTES,
  type CifarLayout,
  encodeCifarRecords,
  parseCifarRecords,
  type RecordCount,
} from './cifar-records';

const CIFAR10: CifarLayout = { labelClasses: [10], labelIndex: 0 };
const CIFAR100_FINE: CifarLayout = { labelClasses: [20, 100], labelIndex: 1 };
const SUBSET: RecordCount = { atMost: 10_000 };
const exactly = (count: number): RecordCount => ({ exactly: count, why: 'the test says so' });

function randomImages(count: number, seed: number): Uint8Array {
  return Uint8Array.from(
    { length: count * CIFAR_IMAGE_BYTES },
    (_, i) => (i * 31 + seed * 17 + (i >> 7)) % 256,
  );
}

describe('parseCifarRecords', () => {
  it('reads label bytes and R, G, B planes into NHWC', () => {
    const record = new Uint8Array(1 + CIFAR_IMAGE_BYTES);
    record[0] = 7;
    record[1] = 10; // R of pixel (0, 0)
    record[1 + 1024] = 20; // G of pixel (0, 0)
    record[1 + 2048 + 33] = 30; // B of pixel (1, 1)
    const { images, labels } = parseCifarRecords(record, CIFAR10, 'batch.bin', exactly(1));
    expect(Array.from(labels)).toEqual([7]);
    expect(Array.from(images.subarray(0, 3))).toEqual([10, 20, 0]);
    expect(images[(32 + 1) * 3 + 2]).toBe(30);
  });

  it('round-trips with encodeCifarRecords, for CIFAR-100 picking the fine label', () => {
    const images = randomImages(3, 1);
    const bytes = encodeCifarRecords(images, [
      [1, 55],
      [19, 99],
      [0, 0],
    ]);
    const parsed = parseCifarRecords(bytes, CIFAR100_FINE, 'train.bin', exactly(3));
    expect(parsed.images).toEqual(images);
    expect(Array.from(parsed.labels)).toEqual([55, 99, 0]);
  });

  it('names the file and record of a truncated batch', () => {
    const bytes = encodeCifarRecords(randomImages(3, 2), [[1], [2], [3]]).subarray(0, 2 * 3073 + 100);
    expect(() => parseCifarRecords(bytes, CIFAR10, 'data_batch_2.bin', exactly(3))).toThrow(
      'data_batch_2.bin: record 2: truncated: 6246 bytes is not a whole number of 3073-byte records (100 bytes left over)',
    );
  });

  it('refuses a batch with more or fewer records than expected, and an empty subset file', () => {
    const bytes = encodeCifarRecords(randomImages(3, 3), [[1], [2], [3]]);
    expect(() => parseCifarRecords(bytes, CIFAR10, 'test_batch.bin', { atMost: 2 })).toThrow(
      'test_batch.bin: oversized: 3 records, a file of this kind holds at most 2',
    );
    expect(() => parseCifarRecords(bytes, CIFAR10, 'test_batch.bin', exactly(2))).toThrow(
      'test_batch.bin: oversized: 3 records, expected 2 (the test says so)',
    );
    expect(() => parseCifarRecords(bytes, CIFAR10, 'test_batch.bin', exactly(10_000))).toThrow(
      'test_batch.bin: short: 3 records, expected 10000 (the test says so)',
    );
    const empty = new Uint8Array(0);
    expect(() => parseCifarRecords(empty, CIFAR10, 'data_batch_3.bin', exactly(10_000))).toThrow(
      'data_batch_3.bin: empty (0 records), expected 10000 (the test says so)',
    );
    expect(() => parseCifarRecords(empty, CIFAR10, 'data_batch_3.bin', SUBSET)).toThrow(
      'data_batch_3.bin: empty: a CIFAR file holds at least one record',
    );
    expect(parseCifarRecords(empty, CIFAR10, 'data_batch_3.bin', exactly(0)).labels.length).toBe(0);
    expect(parseCifarRecords(bytes, CIFAR10, 'test_batch.bin', SUBSET).labels.length).toBe(3);
  });

  it('names the record and byte of a label out of range, coarse labels included', () => {
    const bytes = encodeCifarRecords(randomImages(2, 4), [[3], [10]]);
    expect(() => parseCifarRecords(bytes, CIFAR10, 'b.bin', SUBSET)).toThrow(
      'b.bin: record 1 (byte 3073): label 10 is out of range 0..9',
    );
    const hundred = encodeCifarRecords(randomImages(1, 5), [[20, 3]]);
    expect(() => parseCifarRecords(hundred, CIFAR100_FINE, 'train.bin', SUBSET)).toThrow(
      'train.bin: record 0 (byte 0): label 20 is out of range 0..19',
    );
  });

  it('property: truncated or byte-flipped batches give the encoded data or a clear error', () => {
    const images = randomImages(3, 6);
    const labels = [[4], [9], [0]];
    const bytes = encodeCifarRecords(images, labels);
    const corruption = fc.oneof(
      fc.record({ cut: fc.integer({ min: 0, max: bytes.length }) }),
      fc.record({ at: fc.integer({ min: 0, max: bytes.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }),
    );
    fc.assert(
      fc.property(corruption, fc.constantFrom(exactly(3), SUBSET), (change, expected) => {
        const damaged = 'cut' in change ? bytes.slice(0, change.cut) : bytes.slice();
        if ('at' in change) damaged[change.at]! ^= change.xor;
        let parsed: ReturnType<typeof parseCifarRecords>;
        try {
          parsed = parseCifarRecords(damaged, CIFAR10, 'batch.bin', expected);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message).toMatch(
            /^batch\.bin: (record \d+( \(byte \d+\))?: )?(truncated|label|oversized|short|empty)/,
          );
          return;
        }
        // With the count known, no cut passes; a subset may be cut at a record boundary.
        if ('exactly' in expected) expect(parsed.labels.length).toBe(3);
        // Whole records that parse are exactly what the bytes say (a flipped pixel is a different pixel).
        const reference = encodeCifarRecords(
          parsed.images,
          Array.from(parsed.labels, (l) => [l]),
        );
        expect(Buffer.from(reference).equals(damaged)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
