import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';

export const CHECKSUMS = 'checksums.json';

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Records the SHA-256 of every file in `directory` (written last, once the others are complete). */
export async function writeChecksums(directory: string): Promise<void> {
  const files = (await readdir(directory)).filter((name) => name !== CHECKSUMS).sort();
  const sums = Object.fromEntries(
    await Promise.all(files.map(async (name) => [name, await sha256(join(directory, name))])),
  );
  await writeFileAtomic(join(directory, CHECKSUMS), JSON.stringify(sums, null, 1));
}

/**
 * Checks every file `checksums.json` lists, so that a truncated or bit-flipped file is an error naming
 * it rather than weights silently loaded wrong. Folders written before checksums existed pass as they are.
 */
export async function verifyChecksums(directory: string): Promise<void> {
  const path = join(directory, CHECKSUMS);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  let sums: unknown;
  try {
    sums = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is damaged (${(error as Error).message})`);
  }
  if (typeof sums !== 'object' || sums === null || Array.isArray(sums))
    throw new Error(`${path} is damaged: not a table of file checksums`);
  for (const [name, expected] of Object.entries(sums)) {
    const file = join(directory, name);
    const actual = await sha256(file).catch((error: Error) => {
      throw new Error(`${file}: ${error.message} (listed in ${CHECKSUMS})`);
    });
    if (actual !== expected)
      throw new Error(`${file} does not match its checksum in ${CHECKSUMS}: the file is damaged`);
  }
}
