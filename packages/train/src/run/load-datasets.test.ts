import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataConfigSchema } from './data-config';
import { loadDatasets } from './load-datasets';
import { writeTestDatasets } from './test-data-files';

const load = (data: Record<string, unknown>) => loadDatasets(dataConfigSchema.parse(data), 0);

describe('loadDatasets', () => {
  let root: string;
  let dirs: { fashionMnist: string; faces: string };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-load-datasets-'));
    dirs = await writeTestDatasets(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('fashionMnist: pads to padTo × padTo, repeats the grey value into RGB and holds out valFraction', async () => {
    const data = await load({
      format: 'fashionMnist',
      dir: dirs.fashionMnist,
      padTo: 32,
      channels: 3,
      valFraction: 0.25,
    });
    expect([data.train.size, data.val?.size, data.test?.size]).toEqual([15, 5, 6]);
    expect(data.test!.imageShape).toEqual([32, 32, 3]);
    expect(data.test!.classNames[9]).toBe('Ankle boot');
    const { images } = await data.test!.get([1]);
    const at = (y: number, x: number, c: number) => images[(y * 32 + x) * 3 + c];
    expect([at(0, 0, 0), at(1, 31, 2), at(31, 1, 1)]).toEqual([0, 0, 0]);
    // Source pixel (0, 0) of image 1 is 2 and lands at (2, 2) in all three channels.
    expect([at(2, 2, 0), at(2, 2, 1), at(2, 2, 2)]).toEqual([2, 2, 2]);
    expect(at(2 + 27, 2 + 5, 1)).toBe(((1 + 27 + 5) % 200) + 1);
  });

  it('fashionMnist: keeps the 28×28 grey images without padTo / channels', async () => {
    const data = await load({
      format: 'fashionMnist',
      dir: dirs.fashionMnist,
      valFraction: 0,
      trainLimit: 8,
    });
    expect(data.train.imageShape).toEqual([28, 28, 1]);
    expect(data.train.size).toBe(8);
    expect(data.val).toBeUndefined();
  });

  it('celeba: the partition file’s splits (valFraction unused), label Male, cropped and resized', async () => {
    const dir = dirs.faces;
    const data = await load({ format: 'celeba', dir, crop: 64, size: 32, valFraction: 0.5, testLimit: 5 });
    expect([data.train.size, data.val?.size, data.test?.size]).toEqual([14, 4, 5]);
    expect(data.train.imageShape).toEqual([32, 32, 3]);
    expect(data.train.classNames).toEqual(['Female', 'Male']);
    const { images } = await data.val!.get([0, 1, 2, 3]);
    expect(images).toHaveLength(4 * 32 * 32 * 3);
    const smiling = await load({ format: 'celeba', dir, attribute: 'Smiling', size: 40, valLimit: 2 });
    expect(smiling.val?.size).toBe(2);
    expect(smiling.test!.classNames).toEqual(['not Smiling', 'Smiling']);
    expect(smiling.test!.imageShape).toEqual([40, 40, 3]);
  });

  it('celeba: names a missing file and an unknown attribute', async () => {
    await expect(load({ format: 'celeba', dir: root })).rejects.toThrow(
      /no CelebA dataset in .*\n.*list_attr_celeba\.txt not found/,
    );
    await expect(load({ format: 'celeba', dir: dirs.faces, attribute: 'Tall' })).rejects.toThrow(
      /unknown attribute 'Tall'/,
    );
  });
});
