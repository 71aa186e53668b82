import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from './errors';
import { openMasks, writeMasks } from './masks';
import { temporaryDirectory } from './test-helpers';

/** Three 4×6 masks: mask k is 1 in the columns from k + 2 on. */
function stripes(): Uint8Array {
  const data = new Uint8Array(3 * 4 * 6);
  for (let k = 0; k < 3; k++)
    for (let y = 0; y < 4; y++) for (let x = k + 2; x < 6; x++) data[k * 24 + y * 6 + x] = 1;
  return data;
}

describe('mask files', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
    path = join(dir, 'masks.bcosmask');
    await writeMasks(path, { height: 4, width: 6, data: stripes(), description: 'right-hand stripes' });
  });

  it('round-trips masks with their shape and description, by index', async () => {
    const masks = await openMasks(path);
    expect([masks.count, masks.height, masks.width, masks.description]).toEqual([
      3,
      4,
      6,
      'right-hand stripes',
    ]);
    expect(await masks.get([2, 0])).toEqual(
      new Uint8Array([...stripes().subarray(48), ...stripes().subarray(0, 24)]),
    );
    await expect(masks.get([3])).rejects.toThrow('index 3 (position 0) is outside 0..2');
  });

  it('crops and resizes masks the way images are, staying binary', async () => {
    const masks = await openMasks(path);
    const cropped = await masks.get([0], { crop: 4 });
    expect(Array.from(cropped.subarray(0, 4))).toEqual([0, 1, 1, 1]);
    const resized = await masks.get([1], { crop: 4, size: 2 });
    expect(Array.from(resized)).toEqual([0, 1, 0, 1]);
  });

  it('names a file that is not a mask file, truncated or holding values other than 0 and 1', async () => {
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.bcosmask');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 1));
    await expect(openMasks(truncated)).rejects.toThrow(`${truncated}: 4167 bytes, 3 masks of 4×6 take 4168`);
    const other = join(dir, 'other.bin');
    await writeFile(other, bytes.subarray(100));
    await expect(openMasks(other)).rejects.toThrow(`${other}: byte 0: bad magic`);
    const bad = join(dir, 'bad.bcosmask');
    const changed = Buffer.from(bytes);
    changed[4096 + 30] = 7;
    await writeFile(bad, changed);
    await expect((await openMasks(bad)).get([1])).rejects.toThrow(
      `${bad}: mask 1, pixel 6: value 7 is not 0 or 1`,
    );
  });

  it('property: truncated or flipped mask files give the masks or a clear error', async () => {
    const bytes = new Uint8Array(await readFile(path));
    const target = join(dir, 'damaged.bcosmask');
    const change = fc.record({
      cut: fc.integer({ min: 0, max: bytes.length }),
      flip: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ cut, flip }) => {
        const damaged = bytes.slice(0, cut);
        if (flip && damaged.length > 0) damaged[flip.at % damaged.length]! ^= flip.xor;
        await writeFile(target, damaged);
        try {
          const masks = await openMasks(target);
          const all = await masks.get([...Array(masks.count).keys()]);
          expect(all.every((v) => v <= 1)).toBe(true);
          expect(Buffer.from(all).equals(damaged.subarray(4096))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message.startsWith(`${target}: `)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
