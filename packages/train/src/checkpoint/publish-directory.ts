import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a directory so that `target` is only ever absent, the old complete version or the new
 * complete version: `write` fills a fresh hidden sibling, which is then renamed into place. An
 * existing target is moved aside first (a directory cannot be renamed over a non-empty one) and
 * removed last. A failed `write` leaves the target untouched.
 */
export async function publishDirectory(
  target: string,
  write: (directory: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(target);
  const tag = randomBytes(4).toString('hex');
  const fresh = join(parent, `.${basename(target)}.tmp-${tag}`);
  await mkdir(fresh, { recursive: true });
  try {
    await write(fresh);
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  const old = join(parent, `.${basename(target)}.old-${tag}`);
  if (exists) await rename(target, old);
  await rename(fresh, target);
  if (exists) await rm(old, { recursive: true, force: true });
}

const LEFTOVER = /^\.(.+)\.(tmp|old)-[0-9a-f]{8}$/;
/** `writeFileAtomic`'s temp files. */
const TEMP_FILE = /^\.[0-9a-f]{12}\.tmp$/;

/**
 * Cleans up after a process killed while publishing into `parent`: half-written `.<name>.tmp-…`
 * folders (and temp files) are removed; a `.<name>.old-…` folder is the previous complete version,
 * so it is renamed back when the kill came before the new one took its place, and removed otherwise.
 * Returns the names it removed or restored.
 */
export async function recoverPublished(parent: string): Promise<string[]> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  const touched: string[] = [];
  for (const entry of entries) {
    const leftover = LEFTOVER.exec(entry);
    if (!leftover && !TEMP_FILE.test(entry)) continue;
    const path = join(parent, entry);
    const target = join(parent, leftover?.[1] ?? '');
    if (leftover?.[2] === 'old' && !entries.includes(leftover[1]!)) await rename(path, target);
    else await rm(path, { recursive: true, force: true });
    touched.push(entry);
  }
  return touched;
}
