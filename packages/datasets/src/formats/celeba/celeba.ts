import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetFormatError } from '../../errors';
import { type FileImageDataset, type FileImagesOptions, openFileImages } from '../../images/file-dataset';
import type { Batch, BatchOptions, ImageDataset } from '../../types';
import { extractKaggleArchive, kaggleArchive } from './celeba-archive';
import {
  CELEBA_FILES,
  CELEBA_KAGGLE_FILES,
  type CelebaLayout,
  findLayout,
  officialLayoutComplete,
} from './celeba-layout';
import {
  type CelebaPartition,
  type CelebaSplit,
  type CelebaTable,
  parseCelebaTable,
  parsePartition,
} from './celeba-tables';

export { CELEBA_FILES, CELEBA_KAGGLE_FILES } from './celeba-layout';

export interface CelebaOptions extends FileImagesOptions {
  /** Default 'train'; 'all' takes every image of the attribute table. */
  split?: CelebaSplit | 'all';
  /** The attribute that is the label: 1 where the attribute is 1, 0 where it is −1. Default 'Male'. */
  attribute?: string;
}

interface Selection {
  rows: Int32Array;
  files: string[];
}

/** A file's text; any failure (a directory in its place, no permission) names the path. */
async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

async function readOptionalTable(path: string, layout: CelebaLayout): Promise<CelebaTable | undefined> {
  if (!existsSync(path)) return undefined;
  return parseCelebaTable(await readText(path), path, undefined, layout.syntax);
}

function attributeColumn(table: CelebaTable, attribute: string, layout: CelebaLayout): number {
  const column = table.columns.indexOf(attribute);
  if (column < 0) {
    const header = layout.syntax === 'csv' ? 'line 1' : 'line 2';
    throw new DatasetFormatError(
      table.file,
      header,
      `unknown attribute '${attribute}'; the file has ${table.columns.join(', ')}`,
    );
  }
  return column;
}

/** The entries of the image folder: true for files (and links), false for directories. */
async function listImages(imageDir: string): Promise<Map<string, boolean>> {
  const entries = await readdir(imageDir, { withFileTypes: true });
  return new Map(entries.map((entry) => [entry.name, !entry.isDirectory()]));
}

interface SelectionContext {
  layout: CelebaLayout;
  attributes: CelebaTable;
  partition: CelebaPartition | undefined;
  present: Map<string, boolean>;
}

/** Fails, naming the table `file` and its `line`, when image `id` is not in the image folder or is a folder. */
function requireImage(id: string, context: SelectionContext, file: string, line: number): void {
  const { imageDir } = context.layout;
  const isFile = context.present.get(id);
  if (isFile === undefined) throw new DatasetFormatError(file, `line ${line}`, `${id} is not in ${imageDir}`);
  if (!isFile)
    throw new DatasetFormatError(
      join(imageDir, id),
      undefined,
      `a directory where an image should be (${file}: line ${line})`,
    );
}

/** Every image the partition file names must exist and have attributes. */
function checkPartition(context: SelectionContext) {
  const { partition, layout, attributes } = context;
  for (const [id, { line }] of partition ?? []) {
    requireImage(id, context, layout.partition, line);
    if (!attributes.rowOf.has(id))
      throw new DatasetFormatError(layout.partition, `line ${line}`, `${id} is not in ${attributes.file}`);
  }
}

/** Line of attribute row `row` in its file: after the header (csv) or the count and the header (txt). */
function attributeLine(context: SelectionContext, row: number): number {
  return row + (context.layout.syntax === 'csv' ? 2 : 3);
}

/** Whether attribute row `row` belongs to `split`; every row must be in the partition and on disk. */
function rowInSplit(row: number, split: CelebaSplit | 'all', context: SelectionContext): boolean {
  const id = context.attributes.imageIds[row]!;
  const line = attributeLine(context, row);
  const entry = context.partition?.get(id);
  if (context.partition && !entry) {
    throw new DatasetFormatError(
      context.layout.partition,
      undefined,
      `${id} (line ${line} of ${context.attributes.file}) has no line`,
    );
  }
  if (split !== 'all' && entry?.split !== split) return false;
  requireImage(id, context, context.attributes.file, line);
  return true;
}

/** The rows of the attribute table in `split`, checking the partition file against it and the images. */
async function selectRows(
  layout: CelebaLayout,
  attributes: CelebaTable,
  split: CelebaSplit | 'all',
): Promise<Selection> {
  const present = await listImages(layout.imageDir);
  const partition =
    split === 'all'
      ? undefined
      : parsePartition(await readText(layout.partition), layout.partition, layout.syntax);
  const context = { layout, attributes, partition, present };
  checkPartition(context);
  const rows = attributes.imageIds.map((_, row) => row).filter((row) => rowInSplit(row, split, context));
  return {
    rows: Int32Array.from(rows),
    files: rows.map((row) => join(layout.imageDir, attributes.imageIds[row]!)),
  };
}

/**
 * The layout of the CelebA folder `root`: official (.txt tables) or Kaggle (.csv tables, images
 * perhaps nested), Kaggle's zip extracted first when it is there and not yet extracted.
 */
async function openLayout(root: string, needsPartition: boolean): Promise<CelebaLayout> {
  if (!existsSync(root)) throw new Error(`celeba: ${root}: directory not found`);
  if (!(await officialLayoutComplete(root, needsPartition))) await extractKaggleArchive(root);
  const found = await findLayout(root, needsPartition);
  if ('layout' in found) return found.layout;
  const archive = kaggleArchive(root);
  const [web, cli] = CELEBA_KAGGLE_FILES.archives.map((name) => join(root, name));
  const archiveTried = archive
    ? `Kaggle download: ${archive} extracted, holds neither layout`
    : `Kaggle download: ${web} (or ${cli}) not found`;
  const officialZip = join(root, `${CELEBA_FILES.images}.zip`);
  const hint = existsSync(officialZip)
    ? `\n${officialZip} is there: download('celeba', '${root}') verifies and extracts it`
    : '';
  throw new Error(
    `celeba: no CelebA dataset in ${root}. Layouts tried:\n${[...found.tried, archiveTried].map((line) => `  - ${line}`).join('\n')}${hint}`,
  );
}

function classNamesFor(attribute: string): [string, string] {
  return attribute === 'Male' ? ['Female', 'Male'] : [`not ${attribute}`, attribute];
}

/** The rows of annotation table `table` for images `ids`, row-major; every image must have one. */
function pickRows(
  table: CelebaTable | undefined,
  ids: readonly string[],
  attributeFile: string,
): Int32Array | undefined {
  if (!table) return undefined;
  const width = table.columns.length;
  const out = new Int32Array(ids.length * width);
  ids.forEach((id, i) => {
    const row = table.rowOf.get(id);
    if (row === undefined)
      throw new DatasetFormatError(table.file, undefined, `${id} has no row (it is in ${attributeFile})`);
    out.set(table.values.subarray(row * width, (row + 1) * width), i * width);
  });
  return out;
}

/** CelebA: aligned face images with 40 binary attributes, one of which is the label. */
export class CelebaDataset implements ImageDataset {
  /** Row in the attribute table of each image (the index of its mask in generated datasets). */
  readonly rows: Int32Array;
  readonly imageIds: readonly string[];
  readonly attributeNames: readonly string[];
  /** size × attributeNames.length values in {−1, 1}, row-major. */
  readonly attributes: Int8Array;
  /** size × 4 (x_1, y_1, width, height) when list_bbox_celeba.txt (.csv) is present. */
  readonly boundingBoxes: Int32Array | undefined;
  /** size × 10 (five x, y pairs) when list_landmarks_align_celeba.txt (.csv) is present. */
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
    this.boundingBoxes = pickRows(annotations.boundingBoxes, this.imageIds, table.file);
    this.landmarks = pickRows(annotations.landmarks, this.imageIds, table.file);
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
 * CelebA from its directory, in either layout it is distributed in, detected automatically:
 * - official (Google Drive): img_align_celeba/ (178×218 JPEGs), list_attr_celeba.txt,
 *   list_eval_partition.txt, optionally list_bbox_celeba.txt and list_landmarks_align_celeba.txt;
 * - Kaggle: the same tables as .csv, images in img_align_celeba/ or img_align_celeba/img_align_celeba/,
 *   or Kaggle's zip of them (archive.zip, or celeba-dataset.zip from the kaggle CLI), extracted
 *   into the directory once.
 * Both give the same records and labels. Images are decoded on demand (or once into `cache`);
 * e.g. `{crop: 178, size: 64}` for 64×64 faces.
 */
export async function celeba(path: string, options: CelebaOptions = {}): Promise<CelebaDataset> {
  const root = resolve(path);
  const { split = 'train', attribute = 'Male', ...imageOptions } = options;
  if (split !== 'all' && !['train', 'valid', 'test'].includes(split)) {
    throw new Error(`celeba: split must be 'train', 'valid', 'test' or 'all', got '${split}'`);
  }
  const layout = await openLayout(root, split !== 'all');
  const table = parseCelebaTable(
    await readText(layout.attributes),
    layout.attributes,
    (v) => v === 1 || v === -1,
    layout.syntax,
  );
  const column = attributeColumn(table, attribute, layout);
  const { rows, files } = await selectRows(layout, table, split);
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
    boundingBoxes: await readOptionalTable(layout.boundingBoxes, layout),
    landmarks: await readOptionalTable(layout.landmarks, layout),
  };
  return new CelebaDataset(images, table, rows, annotations);
}
