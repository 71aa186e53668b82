import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the whole new content: `write` fills
 * a temp file in the same directory through its handle (piece by piece if the file is too large
 * to hold in memory), which is flushed to disk and renamed over the target only if it succeeds.
 */
export async function writeAtomically(
  path: string,
  write: (handle: FileHandle) => Promise<void>,
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw namingPath(error, path);
  }
}

/** Node's write errors (ENOSPC, EISDIR, …) do not say which file; the same error, with the target named. */
function namingPath(error: unknown, path: string): unknown {
  if (!(error instanceof Error) || error.message.includes(path)) return error;
  const code = (error as { code?: string }).code;
  return Object.assign(new Error(`${path}: ${error.message}`, { cause: error }), code ? { code } : {});
}

/** `writeAtomically` for data already in memory. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeAtomically(path, async (handle) => {
    await handle.writeFile(data);
  });
}
