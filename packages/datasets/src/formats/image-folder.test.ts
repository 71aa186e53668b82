import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../test-helpers';
import { imageFolder } from './image-folder';

function solid(value: number, width: number, height: number) {
  return sharp(new Uint8Array(width * height * 3).fill(value), { raw: { width, height, channels: 3 } });
}

describe('imageFolder', () => {
  let root: string;
  beforeAll(async () => {
    root = await temporaryDirectory();
    await mkdir(join(root, 'pets', 'dog'), { recursive: true });
    await mkdir(join(root, 'pets', 'cat'), { recursive: true });
    await solid(10, 6, 4)
      .png()
      .toFile(join(root, 'pets', 'cat', 'b.png'));
    await solid(20, 6, 4)
      .png()
      .toFile(join(root, 'pets', 'cat', 'a.PNG'));
    await solid(200, 6, 4)
      .jpeg()
      .toFile(join(root, 'pets', 'dog', 'x.jpg'));
    await writeFile(join(root, 'pets', 'dog', 'notes.txt'), 'not an image');
  });

  it('takes sorted sub-folders as classes and their images in name order', async () => {
    const pets = await imageFolder(join(root, 'pets'));
    expect(pets.name).toBe('pets');
    expect(pets.classNames).toEqual(['cat', 'dog']);
    expect(pets.imageShape).toEqual([4, 6, 3]);
    expect(Array.from(pets.labels)).toEqual([0, 0, 1]);
    const { images } = await pets.get([0, 1]);
    expect([images[0], images[72]]).toEqual([20, 10]);
    expect(Math.abs(((await pets.get([2])).images[0] ?? 0) - 200)).toBeLessThan(4);
  });

  it('needs a size when images differ, naming the odd file', async () => {
    const dir = join(root, 'mixed');
    await mkdir(join(dir, 'a'), { recursive: true });
    await solid(1, 6, 4)
      .png()
      .toFile(join(dir, 'a', '1.png'));
    await solid(1, 5, 5)
      .png()
      .toFile(join(dir, 'a', '2.png'));
    const mixed = await imageFolder(dir);
    await expect(mixed.get([1])).rejects.toThrow(
      `${join(dir, 'a', '2.png')}: decodes to 5×5×3, the dataset's images are 4×6×3; pass a size (or crop) to make them equal`,
    );
    const resized = await imageFolder(dir, { size: 3 });
    expect((await resized.get([0, 1])).images).toHaveLength(2 * 27);
  });

  it('names an empty folder', async () => {
    const empty = join(root, 'empty');
    await mkdir(join(empty, 'only-class'), { recursive: true });
    await expect(imageFolder(empty)).rejects.toThrow(
      `imageFolder: ${empty} holds no images (expected one sub-folder per class`,
    );
  });
});
