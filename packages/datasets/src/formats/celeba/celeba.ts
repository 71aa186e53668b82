import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetFormatError } from '../../errors';
import { type FileImageDataset, type FileImagesOptions, openFileImages } from '../../images/file-dataset';
import type { Batch, BatchOptions, ImageDataset } from '../../types';
import { type CelebaSplit, type CelebaTable, parseCelebaTable, parsePartition } from './celeba-tables';

export const CELEBA_FILES = {
  images: 'img_align_celeba',
  attributes: 'list_attr_celeba.txt',
  partition: 'list_eval_partition.txt',
  boundingBoxes: 'list_bbox_celeba.txt',
  landmarks: 'list_landmarks_align_celeba.txt',
} as const;

export interface CelebaOptions extends FileImagesOptions {
  /** Default 'train'; 'all' takes every image of list_attr_celeba.txt. */
  split?: CelebaSplit | 'all';
  /** The attribute that is the label: 1 where the attribute is 1, 0 where it is −1. Default 'Male'. */
  attribute?: string;
}

interface Selection {
  rows: Int32Array;
  files: string[];
}

async function readText(root: string, name: string): Promise<string> {
  const path = join(root, name);
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  return readFile(path, 'utf8');
}

async function readOptionalTable(root: string, name: string): Promise<CelebaTable | undefined> {
  const path = join(root, name);
  return existsSync(path) ? parseCelebaTable(await readFile(path, 'utf8'), path) : undefined;
}

function attributeColumn(table: CelebaTable, attribute: string, file: string): number {
  const column = table.columns.indexOf(attribute);
  if (column < 0) {
    throw new DatasetFormatError(
      file,
      'line 2',
      `unknown attribute '${attribute}'; the file has ${table.columns.join(', ')}`,
    );
  }
  return column;
}

type Partition = ReturnType<typeof parsePartition>;

/** Every image the partition file names must exist and have attributes. */
function checkPartition(
  partition: Partition,
  file: string,
  present: Set<string>,
  attributes: CelebaTable,
  imageDir: string,
) {
  for (const [id, { line }] of partition) {
    if (!present.has(id)) throw new DatasetFormatError(file, `line ${line}`, `${id} is not in ${imageDir}`);
    if (!attributes.rowOf.has(id))
      throw new DatasetFormatError(file, `line ${line}`, `${id} is not in ${CELEBA_FILES.attributes}`);
  }
}

/** Whether attribute row `row` belongs to `split`; every row must be in the partition and on disk. */
function rowInSplit(row: number, split: CelebaSplit | 'all', context: SelectionContext): boolean {
  const id = context.attributes.imageIds[row]!;
  const line = `line ${row + 3}`;
  const entry = context.partition?.get(id);
  if (context.partition && !entry) {
    throw new DatasetFormatError(
      context.partitionFile,
      undefined,
      `${id} (${line} of ${CELEBA_FILES.attributes}) has no line`,
    );
  }
  if (split !== 'all' && entry?.split !== split) return false;
  if (!context.present.has(id))
    throw new DatasetFormatError(context.attributeFile, line, `${id} is not in ${context.imageDir}`);
  return true;
}

interface SelectionContext {
  attributes: CelebaTable;
  partition: Partition | undefined;
  present: Set<string>;
  imageDir: string;
  partitionFile: string;
  attributeFile: string;
}

/** The rows of the attribute table in `split`, checking the partition file against it and the images. */
async function selectRows(
  root: string,
  attributes: CelebaTable,
  split: CelebaSplit | 'all',
): Promise<Selection> {
  const imageDir = join(root, CELEBA_FILES.images);
  if (!existsSync(imageDir)) throw new Error(`${imageDir}: directory not found`);
  const present = new Set(await readdir(imageDir));
  const partitionFile = join(root, CELEBA_FILES.partition);
  const partition =
    split === 'all' ? undefined : parsePartition(await readText(root, CELEBA_FILES.partition), partitionFile);
  if (partition) checkPartition(partition, partitionFile, present, attributes, imageDir);
  const context = {
    attributes,
    partition,
    present,
    imageDir,
    partitionFile,
    attributeFile: join(root, CELEBA_FILES.attributes),
  };
  const rows = attributes.imageIds.map((_, row) => row).filter((row) => rowInSplit(row, split, context));
  return { rows: Int32Array.from(rows), files: rows.map((row) => join(imageDir, attributes.imageIds[row]!)) };
}

function classNamesFor(attribute: string): [string, string] {
  return attribute === 'Male' ? ['Female', 'Male'] : [`not ${attribute}`, attribute];
}

/** Rows `rows` of a table, row-major. */
function pickRows(table: CelebaTable | undefined, ids: readonly string[]): Int32Array | undefined {
  if (!table) return undefined;
  const width = table.columns.length;
  const out = new Int32Array(ids.length * width);
  ids.forEach((id, i) => {
    const row = table.rowOf.get(id);
    if (row === undefined)
      throw new Error(`CelebA annotations: ${id} has no row in the bounding box / landmark file`);
    out.set(table.values.subarray(row * width, (row + 1) * width), i * width);
  });
  return out;
}

/** CelebA: aligned face images with 40 binary attributes, one of which is the label. */
export class CelebaDataset implements ImageDataset {
  /** Row in list_attr_celeba.txt of each image (the index of its mask in generated datasets). */
  readonly rows: Int32Array;
  readonly imageIds: readonly string[];
  readonly attributeNames: readonly string[];
  /** size × attributeNames.length values in {−1, 1}, row-major. */
  readonly attributes: Int8Array;
  /** size × 4 (x_1, y_1, width, height) when list_bbox_celeba.txt is present. */
  readonly boundingBoxes: Int32Array | undefined;
  /** size × 10 (five x, y pairs) when list_landmarks_align_celeba.txt is present. */
  readonly landmarks: Int32Array | undefined;

  constructor(
    readonly images: FileImageDataset,
    table: CelebaTable,
    selectedRows: Int32Array,
    annotations: { boundingBoxes?: CelebaTable; landmarks?: CelebaTable },
  ) {
    this.rows = Int32Array.from(images.sourceIndices, (i) => selectedRows[i]!);
    this.imageIds = Array.from(this.rows, (row) => table.imageIds[row]!);
    this.attributeNames = table.columns;
    const width = table.columns.length;
    this.attributes = new Int8Array(this.rows.length * width);
    this.rows.forEach((row, i) => {
      this.attributes.set(table.values.subarray(row * width, (row + 1) * width), i * width);
    });
    this.boundingBoxes = pickRows(annotations.boundingBoxes, this.imageIds);
    this.landmarks = pickRows(annotations.landmarks, this.imageIds);
  }

  get name(): string {
    return this.images.name;
  }
  get size(): number {
    return this.images.size;
  }
  get imageShape(): readonly [number, number, number] {
    return this.images.imageShape;
  }
  get classNames(): readonly string[] {
    return this.images.classNames;
  }
  get skippedFiles(): readonly string[] {
    return this.images.skippedFiles;
  }

  /** Value (−1 or 1) of attribute `name` for image `index`. */
  attribute(index: number, name: string): -1 | 1 {
    const column = this.attributeNames.indexOf(name);
    if (column < 0) throw new Error(`${this.name}: unknown attribute '${name}'`);
    return this.attributes[index * this.attributeNames.length + column] as -1 | 1;
  }

  get(indices: ArrayLike<number>): Promise<{ images: Uint8Array; labels: Int32Array }> {
    return this.images.get(indices);
  }

  batches(options: BatchOptions): AsyncIterable<Batch> {
    return this.images.batches(options);
  }
}

/**
 * CelebA from its directory as distributed: img_align_celeba/ (178×218 JPEGs), list_attr_celeba.txt,
 * list_eval_partition.txt, optionally list_bbox_celeba.txt and list_landmarks_align_celeba.txt.
 * Images are decoded on demand (or once into `cache`); e.g. `{crop: 178, size: 64}` for 64×64 faces.
 */
export async function celeba(path: string, options: CelebaOptions = {}): Promise<CelebaDataset> {
  const root = resolve(path);
  const { split = 'train', attribute = 'Male', ...imageOptions } = options;
  if (split !== 'all' && !['train', 'valid', 'test'].includes(split)) {
    throw new Error(`celeba: split must be 'train', 'valid', 'test' or 'all', got '${split}'`);
  }
  const attributeFile = join(root, CELEBA_FILES.attributes);
  const table = parseCelebaTable(
    await readText(root, CELEBA_FILES.attributes),
    attributeFile,
    (v) => v === 1 || v === -1,
  );
  const column = attributeColumn(table, attribute, attributeFile);
  const { rows, files } = await selectRows(root, table, split);
  const width = table.columns.length;
  const labels = Int32Array.from(rows, (row) => (table.values[row * width + column] === 1 ? 1 : 0));
  const images = await openFileImages({
    ...imageOptions,
    name: `celeba-${split}-${attribute}`,
    cacheName: `celeba-${split}`,
    files,
    labels,
    classNames: classNamesFor(attribute),
  });
  const annotations = {
    boundingBoxes: await readOptionalTable(root, CELEBA_FILES.boundingBoxes),
    landmarks: await readOptionalTable(root, CELEBA_FILES.landmarks),
  };
  return new CelebaDataset(images, table, rows, annotations);
}
