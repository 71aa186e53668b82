import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors';
import { temporaryDirectory } from '../test-helpers';
import { decodeImageBytes, decodeImageFile } from './decode';

/** A width × height RGB image: left half red, right half blue, a green row at the top. */
function halves(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      pixels.set(y === 0 ? [0, 255, 0] : x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  }
  return pixels;
}

function encode(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 = 3) {
  return sharp(pixels, { raw: { width, height, channels } });
}

describe('decodeImageBytes', () => {
  let dir: string;
  let jpeg: Uint8Array;
  beforeAll(async () => {
    dir = await temporaryDirectory();
    jpeg = new Uint8Array(await encode(halves(20, 30), 20, 30).jpeg({ quality: 95 }).toBuffer());
    await writeFile(join(dir, 'a.jpg'), jpeg);
  });

  it('decodes a PNG exactly and a JPEG closely, to H×W×3', async () => {
    const png = await encode(halves(6, 4), 6, 4).png().toBuffer();
    const decoded = await decodeImageBytes(png, 'a.png');
    expect([decoded.height, decoded.width, decoded.channels]).toEqual([4, 6, 3]);
    expect(decoded.data).toEqual(halves(6, 4));
    const fromJpeg = await decodeImageFile(join(dir, 'a.jpg'));
    expect([fromJpeg.height, fromJpeg.width]).toEqual([30, 20]);
    expect(
      Array.from(fromJpeg.data.subarray((10 * 20 + 2) * 3, (10 * 20 + 2) * 3 + 3)).map((v) =>
        Math.round(v / 64),
      ),
    ).toEqual([4, 0, 0]);
  });

  it('centre-crops, then resizes without distortion', async () => {
    const png = await encode(halves(8, 12), 8, 12).png().toBuffer();
    const cropped = await decodeImageBytes(png, 'a.png', { crop: 8 });
    expect([cropped.height, cropped.width]).toEqual([8, 8]);
    expect(Array.from(cropped.data.subarray(0, 3))).toEqual([255, 0, 0]); // the green top row is cut away
    const resized = await decodeImageBytes(png, 'a.png', { crop: 8, size: 4 });
    expect([resized.height, resized.width]).toEqual([4, 4]);
    expect(resized.data[0]).toBeGreaterThan(200);
    expect(resized.data[3 * 3 + 2]).toBeGreaterThan(200);
    const rectangle = await decodeImageBytes(png, 'a.png', { size: { width: 4, height: 2 } });
    expect([rectangle.height, rectangle.width]).toEqual([2, 4]);
  });

  it('turns grey into RGB and RGB into grey on request', async () => {
    const grey = await encode(new Uint8Array(4).fill(90), 2, 2, 1).png().toBuffer();
    expect(Array.from((await decodeImageBytes(grey, 'g.png')).data.subarray(0, 3))).toEqual([90, 90, 90]);
    const single = await decodeImageBytes(await encode(halves(4, 4), 4, 4).png().toBuffer(), 'c.png', {
      channels: 1,
    });
    expect(single.channels).toBe(1);
    expect(single.data.length).toBe(16);
  });

  it('names the file of a truncated or corrupt JPEG and of a crop larger than the image', async () => {
    await expect(decodeImageBytes(jpeg.subarray(0, jpeg.length / 2), 'half.jpg')).rejects.toThrow(
      /^half\.jpg: cannot decode the image \(.*premature end of JPEG/,
    );
    await expect(decodeImageBytes(Uint8Array.of(1, 2, 3), 'junk.jpg')).rejects.toThrow(
      /^junk\.jpg: cannot decode the image/,
    );
    await expect(decodeImageBytes(jpeg, 'a.jpg', { crop: 40 })).rejects.toThrow(
      'a.jpg: crop 40×40 is larger than the image, 20×30',
    );
  });

  it('property: truncated or flipped JPEGs decode to the right shape or fail naming the file', async () => {
    const change = fc.record({
      cut: fc.integer({ min: 1, max: jpeg.length }),
      flip: fc.option(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ cut, flip }) => {
        const damaged = jpeg.slice(0, cut);
        if (flip) damaged[flip.at % damaged.length]! ^= flip.xor;
        try {
          const decoded = await decodeImageBytes(damaged, 'f.jpg', { size: 8 });
          expect([decoded.height, decoded.width, decoded.channels, decoded.data.length]).toEqual([
            8, 8, 3, 192,
          ]);
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFormatError);
          expect((error as Error).message).toMatch(/^f\.jpg: /);
        }
      }),
      { numRuns: 60 },
    );
  });
});
