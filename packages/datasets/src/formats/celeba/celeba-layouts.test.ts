import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { celebaImageId, generateFaces } from '../../generate/faces';
import { temporaryDirectory } from '../../test-helpers';
import { type CelebaDataset, celeba } from './celeba';

const N = 12;
const PARTITION = [8, 2, 2] as const;
const SIZE = { width: 24, height: 30 };

/** The optional tables, in either syntax: row i holds i (bounding boxes) and 10 + i (landmarks). */
async function writeAnnotations(dir: string, syntax: 'txt' | 'csv') {
  const tables = {
    list_bbox_celeba: { columns: ['x_1', 'y_1', 'width', 'height'], value: (i: number) => i },
    list_landmarks_align_celeba: {
      columns: ['lefteye_x', 'lefteye_y', 'righteye_x', 'righteye_y', 'nose_x', 'nose_y'],
      value: (i: number) => 10 + i,
    },
  };
  const separator = syntax === 'csv' ? ',' : ' ';
  for (const [name, { columns, value }] of Object.entries(tables)) {
    const rows = Array.from({ length: N }, (_, i) =>
      [celebaImageId(i), ...columns.map(() => value(i))].join(separator),
    );
    const header = syntax === 'csv' ? `image_id,${columns.join(',')}` : `${N}\n${columns.join(' ')}`;
    await writeFile(join(dir, `${name}.${syntax}`), `${header}\n${rows.join('\n')}\n`);
  }
}

/** Every file under `dir`, keyed by its path relative to `base`, as a zip of them holds them. */
async function zipEntries(dir: string, base: string): Promise<Record<string, Uint8Array>> {
  const entries: Record<string, Uint8Array> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(entries, await zipEntries(path, base));
    else entries[relative(base, path)] = new Uint8Array(await readFile(path));
  }
  return entries;
}

/** What a reader of either layout must agree on: records, labels, pixels and annotations. */
async function contents(dataset: CelebaDataset) {
  const all = [...Array(dataset.size).keys()];
  const { images, labels } = await dataset.get(all);
  return {
    name: dataset.name,
    imageIds: dataset.imageIds,
    rows: Array.from(dataset.rows),
    attributeNames: dataset.attributeNames,
    attributes: Array.from(dataset.attributes),
    classNames: dataset.classNames,
    shape: dataset.imageShape,
    labels: Array.from(labels),
    images,
    boundingBoxes: dataset.boundingBoxes && Array.from(dataset.boundingBoxes),
    landmarks: dataset.landmarks && Array.from(dataset.landmarks),
  };
}

describe('celeba layouts', () => {
  let work: string;
  let official: string;
  let kaggle: string;
  let flatKaggle: string;
  let archiveOnly: string;

  beforeAll(async () => {
    work = await temporaryDirectory();
    const generate = (dir: string, layout: 'official' | 'kaggle') =>
      generateFaces({ dir, n: N, seed: 7, size: SIZE, partition: PARTITION, layout });
    official = join(work, 'official');
    kaggle = join(work, 'kaggle');
    await generate(official, 'official');
    await generate(kaggle, 'kaggle');
    await writeAnnotations(official, 'txt');
    await writeAnnotations(kaggle, 'csv');
    // Kaggle's images unpacked one level up, as some people do.
    flatKaggle = join(work, 'kaggle-flat');
    await generate(flatKaggle, 'kaggle');
    await rename(join(flatKaggle, 'img_align_celeba'), join(work, 'nested'));
    await rename(join(work, 'nested', 'img_align_celeba'), join(flatKaggle, 'img_align_celeba'));
    // The download as it comes from Kaggle: archive.zip alone.
    archiveOnly = join(work, 'archive');
    await mkdir(archiveOnly);
    const entries = await zipEntries(kaggle, kaggle);
    const dataset = Object.entries(entries).filter(([path]) => !path.startsWith('masks'));
    await writeFile(join(archiveOnly, 'archive.zip'), zipSync(Object.fromEntries(dataset)));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the same records, labels, pixels and annotations from the official and the Kaggle layout', async () => {
    for (const split of ['train', 'valid', 'test', 'all'] as const) {
      const options = { split, crop: 24, size: 16 };
      const expected = await contents(await celeba(official, options));
      expect(expected.imageIds.length).toBe(
        split === 'all' ? N : PARTITION[['train', 'valid', 'test'].indexOf(split)],
      );
      expect(await contents(await celeba(kaggle, options))).toEqual(expected);
    }
    const flat = await celeba(flatKaggle, { split: 'test' });
    expect(flat.images.file(0)).toBe(join(flatKaggle, 'img_align_celeba', celebaImageId(10)));
    expect((await contents(flat)).images).toEqual(
      (await contents(await celeba(official, { split: 'test' }))).images,
    );
  });

  it("extracts Kaggle's archive.zip once, and again only after an interrupted extraction", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const expected = await contents(await celeba(official, { split: 'valid' }));
    const { boundingBoxes: _b, landmarks: _l, ...withoutAnnotations } = expected;
    const { boundingBoxes, landmarks, ...first } = await contents(
      await celeba(archiveOnly, { split: 'valid' }),
    );
    expect(first).toEqual(withoutAnnotations);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(
      `extracting ${join(archiveOnly, 'archive.zip')} into ${archiveOnly}`,
    );
    await celeba(archiveOnly, { split: 'test' });
    expect(warn).toHaveBeenCalledTimes(1);
    // Killed during an extraction: no marker, and half the images.
    await rm(join(archiveOnly, 'archive.zip.extracted'));
    await rm(join(archiveOnly, 'img_align_celeba', 'img_align_celeba', celebaImageId(9)));
    expect(await contents(await celeba(archiveOnly, { split: 'valid' }))).toMatchObject(withoutAnnotations);
    expect(warn).toHaveBeenCalledTimes(2);
    // The kaggle CLI names the same zip after the dataset.
    const cli = join(work, 'kaggle-cli');
    await mkdir(cli);
    await copyFile(join(archiveOnly, 'archive.zip'), join(cli, 'celeba-dataset.zip'));
    expect(await contents(await celeba(cli, { split: 'valid' }))).toMatchObject(withoutAnnotations);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('names what each layout lacks when none is complete', async () => {
    const empty = join(work, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'list_attr_celeba.csv'), 'image_id,Male\n');
    const error = await celeba(empty).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      [
        `celeba: no CelebA dataset in ${empty}. Layouts tried:`,
        `  - official (Google Drive): ${join(empty, 'list_attr_celeba.txt')} not found; ${join(empty, 'list_eval_partition.txt')} not found; ${join(empty, 'img_align_celeba')} not found`,
        `  - Kaggle: ${join(empty, 'list_eval_partition.csv')} not found; ${join(empty, 'img_align_celeba')} not found`,
        `  - Kaggle download: ${join(empty, 'archive.zip')} (or ${join(empty, 'celeba-dataset.zip')}) not found`,
      ].join('\n'),
    );
    await writeFile(join(empty, 'img_align_celeba.zip'), 'not yet extracted');
    await expect(celeba(empty)).rejects.toThrow(
      `\n${join(empty, 'img_align_celeba.zip')} is there: download('celeba', '${empty}') verifies and extracts it`,
    );
    await expect(celeba(join(work, 'nowhere'))).rejects.toThrow(
      `celeba: ${join(work, 'nowhere')}: directory not found`,
    );
  });

  it('names the file and line of malformed Kaggle tables', async () => {
    const dir = join(work, 'bad-kaggle');
    await generateFaces({ dir, n: 4, seed: 1, size: SIZE, partition: [2, 1, 1], layout: 'kaggle' });
    const attributes = join(dir, 'list_attr_celeba.csv');
    const text = await readFile(attributes, 'utf8');
    await expect(celeba(dir, { attribute: 'Moustache' })).rejects.toThrow(
      `${attributes}: line 1: unknown attribute 'Moustache'; the file has 5_o_Clock_Shadow,`,
    );
    await writeFile(attributes, text.replace(/,-?1\n/, '\n'));
    await expect(celeba(dir)).rejects.toThrow(
      `${attributes}: line 2: expected 41 columns (file name + 40 values), got 40`,
    );
    await writeFile(attributes, text);
    const partition = join(dir, 'list_eval_partition.csv');
    await writeFile(
      partition,
      (await readFile(partition, 'utf8')).replace(`${celebaImageId(2)},1`, `${celebaImageId(2)},5`),
    );
    await expect(celeba(dir)).rejects.toThrow(
      `${partition}: line 4: expected '<file name>,<0|1|2>', got '${celebaImageId(2)},5'`,
    );
  });
});
