import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.avif', '.gif']);

/** The image files directly inside `folder`, sorted by name. */
export async function listImages(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new Error(`images: cannot read folder ${folder}: ${(error as Error).message}`);
  }
  const images = names.filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase())).sort();
  if (images.length === 0) {
    throw new Error(`images: ${folder} holds no ${[...IMAGE_EXTENSIONS].join('/')} files`);
  }
  return images.map((name) => join(folder, name));
}
