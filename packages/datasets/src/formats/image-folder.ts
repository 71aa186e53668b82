import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { type FileImageDataset, type FileImagesOptions, openFileImages } from '../images/file-dataset';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'] as const;

export interface ImageFolderOptions extends FileImagesOptions {
  /** File extensions taken as images (lower case, with the dot). */
  extensions?: readonly string[];
  name?: string;
}

async function listClass(dir: string, extensions: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && extensions.has(extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Users' own images: one sub-folder per class (sorted names are the class names), images inside.
 * Images of different sizes need a `size` (or `crop`) so that the dataset has one image shape.
 */
export async function imageFolder(path: string, options: ImageFolderOptions = {}): Promise<FileImageDataset> {
  const root = resolve(path);
  if (!existsSync(root)) throw new Error(`imageFolder: ${root}: directory not found`);
  const { extensions = IMAGE_EXTENSIONS, name = basename(root), ...imageOptions } = options;
  const wanted = new Set(extensions);
  const classNames = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const files: string[] = [];
  const labels: number[] = [];
  for (const [label, className] of classNames.entries()) {
    for (const file of await listClass(join(root, className), wanted)) {
      files.push(join(root, className, file));
      labels.push(label);
    }
  }
  if (files.length === 0) {
    throw new Error(
      `imageFolder: ${root} holds no images (expected one sub-folder per class with ${[...wanted].join(', ')} files; found ${classNames.length} sub-folders)`,
    );
  }
  return openFileImages({
    ...imageOptions,
    name,
    cacheName: `image-folder-${name}`,
    files,
    labels: Int32Array.from(labels),
    classNames,
  });
}
