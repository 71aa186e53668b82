import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import { extractArchive } from '../../archive/extract';
import { CELEBA_KAGGLE_FILES } from './celeba-layout';

/** Identifies the archive a completed extraction came from: a new download is extracted again. */
async function archiveStamp(archive: string): Promise<string> {
  const { size, mtimeMs } = await stat(archive);
  return `${size} ${Math.round(mtimeMs)}`;
}

/** The Kaggle download in `root`, if there is one. */
export function kaggleArchive(root: string): string | undefined {
  return CELEBA_KAGGLE_FILES.archives.map((name) => join(root, name)).find((path) => existsSync(path));
}

/**
 * Extracts Kaggle's zip into `root` unless a marker (`<zip>.extracted`, written after a complete
 * extraction) says this very archive already was: an interrupted extraction is redone.
 * Returns whether it extracted.
 */
export async function extractKaggleArchive(root: string): Promise<boolean> {
  const archive = kaggleArchive(root);
  if (!archive || (await stat(archive)).isDirectory()) return false;
  const marker = `${archive}.extracted`;
  const stamp = await archiveStamp(archive);
  if (existsSync(marker) && (await readFile(marker, 'utf8')).trim() === stamp) return false;
  console.warn(`celeba: extracting ${archive} into ${root} (once; ${marker} records it)`);
  await extractArchive(archive, root);
  await writeFileAtomic(marker, `${stamp}\n`);
  return true;
}
