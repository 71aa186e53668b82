import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CelebaTableSyntax } from './celeba-tables';

/** The files of CelebA as distributed officially (Google Drive, Baidu). */
export const CELEBA_FILES = {
  images: 'img_align_celeba',
  attributes: 'list_attr_celeba.txt',
  partition: 'list_eval_partition.txt',
  boundingBoxes: 'list_bbox_celeba.txt',
  landmarks: 'list_landmarks_align_celeba.txt',
} as const;

/**
 * The files of CelebA as Kaggle distributes it (inside its zip, `archive.zip` from the web page or
 * `celeba-dataset.zip` from the kaggle CLI; images nested one level deeper).
 */
export const CELEBA_KAGGLE_FILES = {
  images: 'img_align_celeba',
  attributes: 'list_attr_celeba.csv',
  partition: 'list_eval_partition.csv',
  boundingBoxes: 'list_bbox_celeba.csv',
  landmarks: 'list_landmarks_align_celeba.csv',
  archives: ['archive.zip', 'celeba-dataset.zip'],
} as const;

/** Where one CelebA dataset's files are, and how its tables are written. */
export interface CelebaLayout {
  name: 'official' | 'kaggle';
  syntax: CelebaTableSyntax;
  /** Absolute paths; the optional tables may not exist. */
  attributes: string;
  partition: string;
  boundingBoxes: string;
  landmarks: string;
  imageDir: string;
}

const LAYOUTS = [
  { name: 'official', title: 'official (Google Drive)', syntax: 'txt', files: CELEBA_FILES },
  { name: 'kaggle', title: 'Kaggle', syntax: 'csv', files: CELEBA_KAGGLE_FILES },
] as const;

/** 'file', 'directory', or why `path` is neither usable as one. */
async function kindOf(path: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'missing';
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** img_align_celeba/, or the img_align_celeba/img_align_celeba/ a Kaggle archive extracts to. */
function imageDirOf(root: string, images: string): string {
  const nested = join(root, images, images);
  return existsSync(nested) ? nested : join(root, images);
}

/** What a layout lacks, each naming its full path; empty when it is complete. */
async function problems(layout: CelebaLayout, needsPartition: boolean): Promise<string[]> {
  const found: string[] = [];
  const expect = async (path: string, kind: 'file' | 'directory') => {
    const actual = await kindOf(path);
    if (actual === kind) return;
    found.push(actual === 'missing' ? `${path} not found` : `${path} is a ${actual}, not a ${kind}`);
  };
  await expect(layout.attributes, 'file');
  if (needsPartition) await expect(layout.partition, 'file');
  await expect(layout.imageDir, 'directory');
  return found;
}

function layoutAt(root: string, { name, syntax, files }: (typeof LAYOUTS)[number]): CelebaLayout {
  return {
    name,
    syntax,
    attributes: join(root, files.attributes),
    partition: join(root, files.partition),
    boundingBoxes: join(root, files.boundingBoxes),
    landmarks: join(root, files.landmarks),
    imageDir: imageDirOf(root, files.images),
  };
}

/** The first complete layout in `root`, or for each layout what it lacks. */
export async function findLayout(
  root: string,
  needsPartition: boolean,
): Promise<{ layout: CelebaLayout } | { tried: string[] }> {
  const tried: string[] = [];
  for (const candidate of LAYOUTS) {
    const layout = layoutAt(root, candidate);
    const missing = await problems(layout, needsPartition);
    if (missing.length === 0) return { layout };
    tried.push(`${candidate.title}: ${missing.join('; ')}`);
  }
  return { tried };
}

/** Whether the official layout is complete (then a zip beside it is not the dataset). */
export async function officialLayoutComplete(root: string, needsPartition: boolean): Promise<boolean> {
  return (await problems(layoutAt(root, LAYOUTS[0]), needsPartition)).length === 0;
}
