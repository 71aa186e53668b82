import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const IMAGE_FILE = /\.(png|jpe?g|webp|gif|bmp)$/i;
/** A bcos-train report's gallery inputs (`first-12.png`), not the explanations drawn beside them. */
export const RUN_IMAGE_FILE = /^(first|misclassified|correct)-\d+\.png$/;
const MAX_IMAGES = 2000;

/** Image files under `root` (sub-folders too), as sorted `/`-separated relative paths, at most 2,000. */
export async function listImages(root: string, pattern: RegExp = IMAGE_FILE): Promise<string[]> {
  let entries: Array<{ name: string; parentPath: string; isFile(): boolean }>;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new Error(`--images ${root}: ${(error as Error).message}`);
  }
  return entries
    .filter((entry) => entry.isFile() && pattern.test(entry.name) && IMAGE_FILE.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .slice(0, MAX_IMAGES);
}
