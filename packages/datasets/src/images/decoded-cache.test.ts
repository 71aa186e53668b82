import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { imageFolder } from '../formats/image-folder';
import { temporaryDirectory } from '../test-helpers';

function writeSolid(path: string, value: number): Promise<unknown> {
  return sharp(new Uint8Array(4 * 4 * 3).fill(value), { raw: { width: 4, height: 4, channels: 3 } })
    .png()
    .toFile(path);
}

/** pets/cat/a.png (value 10) and pets/dog/a.png (value 200), cached in `cache`. */
async function pets(root: string): Promise<{ folder: string; cacheFile: string }> {
  const folder = join(root, 'pets');
  await mkdir(join(folder, 'cat'), { recursive: true });
  await mkdir(join(folder, 'dog'), { recursive: true });
  await writeSolid(join(folder, 'cat', 'a.png'), 10);
  await writeSolid(join(folder, 'dog', 'a.png'), 200);
  return { folder, cacheFile: join(root, 'cache', 'image-folder-pets-4x4x3.bcoscache') };
}

describe('decoded cache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is rebuilt when an image is replaced under the same name', async () => {
    const { folder } = await pets(join(dir, 'replaced'));
    const cache = join(dir, 'replaced', 'cache');
    expect((await (await imageFolder(folder, { cache })).get([1])).images[0]).toBe(200);
    await writeSolid(join(folder, 'dog', 'a.png'), 90);
    let rebuilt = false;
    const again = await imageFolder(folder, { cache, onProgress: () => (rebuilt = true) });
    expect(rebuilt).toBe(true);
    expect((await again.get([1])).images[0]).toBe(90);
  });

  it('detects a damaged index: rebuilt with a warning, never other images or labels', async () => {
    const { folder, cacheFile } = await pets(join(dir, 'flipped'));
    const cache = join(dir, 'flipped', 'cache');
    await imageFolder(folder, { cache });
    const good = await readFile(cacheFile);
    const indexStart = good.length - 8;
    // As reported: one flipped byte near the end gave labels [0, 0], file(1) undefined and
    // "skipped 1 unreadable image". Any flip of the index (and of the header) must be caught.
    const flip = fc.record({
      at: fc.oneof(fc.integer({ min: indexStart, max: good.length - 1 }), fc.integer({ min: 0, max: 400 })),
      xor: fc.integer({ min: 1, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(flip, async ({ at, xor }) => {
        const damaged = Buffer.from(good);
        damaged[at]! ^= xor;
        await writeFile(cacheFile, damaged);
        const warnings: string[] = [];
        vi.spyOn(console, 'warn').mockImplementation((text: string) => void warnings.push(text));
        const dataset = await imageFolder(folder, { cache });
        vi.restoreAllMocks();
        expect(Array.from(dataset.labels)).toEqual([0, 1]);
        expect(dataset.file(1)).toBe(join(folder, 'dog', 'a.png'));
        expect(dataset.skippedFiles).toEqual([]);
        expect(Array.from((await dataset.get([0, 1])).images.filter((_, i) => i % 48 === 0))).toEqual([
          10, 200,
        ]);
        expect(warnings.filter((w) => w.includes('skipped'))).toEqual([]);
        if (at >= indexStart) {
          expect(warnings).toEqual([
            expect.stringMatching(/^pets: the decoded cache .* is damaged \(its index .*\); rebuilding it$/),
          ]);
        }
        expect(await readFile(cacheFile)).toEqual(good);
      }),
      { numRuns: 25 },
    );
  });
});
