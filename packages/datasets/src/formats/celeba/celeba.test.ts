import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFaces } from '../../generate/faces';
import { decodeImageFile } from '../../images/decode';
import { temporaryDirectory } from '../../test-helpers';
import { celeba } from './celeba';

describe('celeba', () => {
  let base: string;
  let work: string;
  let copies = 0;
  /** A private copy of the generated dataset that a test may damage. */
  const copy = async () => {
    const dir = join(work, `copy-${copies++}`);
    await cp(base, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    work = await temporaryDirectory();
    base = join(work, 'faces');
    await generateFaces({ dir: base, n: 20, seed: 4, size: { width: 40, height: 48 } });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the train / valid / test partitions with Male as the default label', async () => {
    const train = await celeba(base);
    const valid = await celeba(base, { split: 'valid' });
    const all = await celeba(base, { split: 'all' });
    expect([train.size, valid.size, all.size]).toEqual([16, 2, 20]);
    expect(train.imageShape).toEqual([48, 40, 3]);
    expect(train.classNames).toEqual(['Female', 'Male']);
    expect(train.attributeNames).toHaveLength(40);
    expect(valid.imageIds).toEqual(['000017.jpg', '000018.jpg']);
    expect(Array.from(valid.rows)).toEqual([16, 17]);
    const { labels } = await all.get([...Array(20).keys()]);
    expect(Array.from(labels)).toEqual(all.imageIds.map((_, i) => (all.attribute(i, 'Male') === 1 ? 1 : 0)));
    expect(new Set(labels).size).toBe(2);
  });

  it('takes any attribute as the label', async () => {
    const glasses = await celeba(base, { split: 'all', attribute: 'Eyeglasses' });
    expect(glasses.classNames).toEqual(['not Eyeglasses', 'Eyeglasses']);
    const { labels } = await glasses.get([...Array(20).keys()]);
    expect(Array.from(labels)).toEqual(
      glasses.imageIds.map((_, i) => (glasses.attribute(i, 'Eyeglasses') === 1 ? 1 : 0)),
    );
    await expect(celeba(base, { attribute: 'Moustache' })).rejects.toThrow(
      `${join(base, 'list_attr_celeba.txt')}: line 2: unknown attribute 'Moustache'; the file has 5_o_Clock_Shadow,`,
    );
  });

  it('crops and resizes exactly as decodeImageFile does', async () => {
    const faces = await celeba(base, { split: 'all', crop: 40, size: 16 });
    expect(faces.imageShape).toEqual([16, 16, 3]);
    const { images } = await faces.get([3]);
    const expected = await decodeImageFile(join(base, 'img_align_celeba', '000004.jpg'), {
      crop: 40,
      size: 16,
    });
    expect(images).toEqual(expected.data);
  });

  it('names the line of an attribute row with the wrong column count', async () => {
    const dir = await copy();
    const file = join(dir, 'list_attr_celeba.txt');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[6] = lines[6]!.replace(/ -?1$/, '');
    await writeFile(file, lines.join('\n'));
    await expect(celeba(dir)).rejects.toThrow(
      `${file}: line 7: expected 41 columns (file name + 40 values), got 40`,
    );
  });

  it('names the partition line of a missing image', async () => {
    const dir = await copy();
    await rm(join(dir, 'img_align_celeba', '000005.jpg'));
    await expect(celeba(dir)).rejects.toThrow(
      `${join(dir, 'list_eval_partition.txt')}: line 5: 000005.jpg is not in ${join(dir, 'img_align_celeba')}`,
    );
  });

  it('fails naming a corrupt JPEG, or skips it with a warning and a count when asked', async () => {
    const dir = await copy();
    const broken = join(dir, 'img_align_celeba', '000003.jpg');
    const bytes = await readFile(broken);
    await writeFile(broken, bytes.subarray(0, bytes.length / 3));
    const strict = await celeba(dir);
    await expect(strict.get([2])).rejects.toThrow(`${broken}: cannot decode the image`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lenient = await celeba(dir, { skipUnreadable: true });
    expect(lenient.size).toBe(15);
    expect(lenient.skippedFiles).toEqual([broken]);
    expect(lenient.imageIds).not.toContain('000003.jpg');
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^celeba-train-Male: skipped 1 unreadable image \(first: .*000003\.jpg/),
    );
    expect((await lenient.get([...Array(15).keys()])).images).toHaveLength(15 * 48 * 40 * 3);
  });

  it('builds a decoded cache once, then reads it instead of the JPEGs', async () => {
    const dir = await copy();
    const cache = join(dir, 'cache');
    const options = { split: 'all' as const, crop: 40, size: 16, cache };
    const direct = await celeba(dir, { split: 'all', crop: 40, size: 16 });
    const expected = await direct.get([...Array(20).keys()]);
    const progress: number[] = [];
    const first = await celeba(dir, { ...options, onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(20);
    expect((await first.get([...Array(20).keys()])).images).toEqual(expected.images);
    const cacheFile = join(cache, 'celeba-all-16x16x3.bcoscache');
    expect((await stat(cacheFile)).size).toBe(4096 + 20 * 16 * 16 * 3 + 20 * 4);
    const second = await celeba(dir, {
      ...options,
      onProgress: () => expect.fail('the cache should have been reused'),
    });
    expect((await second.get([0, 19])).images).toEqual(
      new Uint8Array([...expected.images.subarray(0, 768), ...expected.images.subarray(19 * 768)]),
    );
  });

  it('detects a stale or damaged cache and rebuilds it', async () => {
    const dir = await copy();
    const cache = join(dir, 'cache');
    await celeba(dir, { size: 8, cache });
    const cacheFile = join(cache, 'celeba-train-8x8x3.bcoscache');
    const partitionFile = join(dir, 'list_eval_partition.txt');
    await writeFile(
      partitionFile,
      (await readFile(partitionFile, 'utf8')).replace('000002.jpg 0', '000002.jpg 2'),
    );
    let rebuilt = false;
    const smaller = await celeba(dir, { size: 8, cache, onProgress: () => (rebuilt = true) });
    expect(rebuilt).toBe(true);
    expect(smaller.size).toBe(15);
    const bytes = await readFile(cacheFile);
    await writeFile(cacheFile, bytes.subarray(0, bytes.length - 10));
    rebuilt = false;
    const again = await celeba(dir, { size: 8, cache, onProgress: () => (rebuilt = true) });
    expect(rebuilt).toBe(true);
    expect(again.size).toBe(15);
  });

  it('reads the optional bounding-box and landmark files', async () => {
    const dir = await copy();
    const ids = Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(6, '0')}.jpg`);
    await writeFile(
      join(dir, 'list_bbox_celeba.txt'),
      `20\nimage_id x_1 y_1 width height\n${ids.map((id, i) => `${id} ${i} 2 30 40`).join('\n')}\n`,
    );
    const landmarkNames =
      'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y';
    await writeFile(
      join(dir, 'list_landmarks_align_celeba.txt'),
      `20\n${landmarkNames}\n${ids.map((id, i) => `${id} ${Array(10).fill(i).join(' ')}`).join('\n')}\n`,
    );
    const valid = await celeba(dir, { split: 'valid' });
    expect(Array.from(valid.boundingBoxes!)).toEqual([16, 2, 30, 40, 17, 2, 30, 40]);
    expect(Array.from(valid.landmarks!.subarray(10))).toEqual(Array(10).fill(17));
    expect((await celeba(base)).boundingBoxes).toBeUndefined();
  });

  it('names the annotation table that lacks a row of an image', async () => {
    const dir = await copy();
    const bbox = join(dir, 'list_bbox_celeba.txt');
    const ids = Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(6, '0')}.jpg`).filter(
      (id) => id !== '000002.jpg',
    );
    await writeFile(
      bbox,
      `19\nimage_id x_1 y_1 width height\n${ids.map((id) => `${id} 1 2 3 4`).join('\n')}\n`,
    );
    await expect(celeba(dir)).rejects.toThrow(
      `${bbox}: 000002.jpg has no row (it is in ${join(dir, 'list_attr_celeba.txt')})`,
    );
  });

  it('names the path of a directory where the attribute file or an image should be', async () => {
    const dir = await copy();
    const attributes = join(dir, 'list_attr_celeba.txt');
    const text = await readFile(attributes, 'utf8');
    await rm(attributes);
    await mkdir(attributes);
    await expect(celeba(dir)).rejects.toThrow(`${attributes} is a directory, not a file`);
    await rm(attributes, { recursive: true });
    await writeFile(attributes, text);
    const image = join(dir, 'img_align_celeba', '000002.jpg');
    await rm(image);
    await mkdir(image);
    await expect(celeba(dir)).rejects.toThrow(
      `${image}: a directory where an image should be (${join(dir, 'list_eval_partition.txt')}: line 2)`,
    );
    await expect(celeba(dir, { split: 'all' })).rejects.toThrow(
      `${image}: a directory where an image should be`,
    );
  });
});
