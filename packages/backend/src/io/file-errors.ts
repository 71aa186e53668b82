/** Reasons for the codes a user can act on; Node's own messages for some of them omit the path. */
const REASONS: Record<string, string> = {
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is a file, expected a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'file not found',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

/** A file-system failure whose message names the file it happened to. */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';

  constructor(
    readonly path: string,
    /** The system error code (EISDIR, ENOSPC…), when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * `error` as a `FileAccessError` naming `path` (`reading` / `writing` says what was being done).
 * Node's messages for EISDIR and ENOSPC ("illegal operation on a directory, read") do not say
 * which file, so every reader and writer of files passes its errors through here.
 */
export function fileError(path: string, action: 'reading' | 'writing', error: unknown): Error {
  if (error instanceof FileAccessError || !(error instanceof Error)) return error as Error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  const reason = REASONS[code] ?? error.message.replace(/^E[A-Z]+: /, '');
  return new FileAccessError(path, code, `${path}: ${reason} (${code}, ${action})`, { cause: error });
}

/** Runs a file operation on `path`; its system errors come back naming `path`. */
export async function withFilePath<T>(
  path: string,
  action: 'reading' | 'writing',
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw fileError(path, action, error);
  }
}
