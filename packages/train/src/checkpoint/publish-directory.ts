import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
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
