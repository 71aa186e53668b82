import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/**
 * The decoded segments of a request's raw path (before any URL normalisation), or undefined when the
 * path must be refused: a `..` or `.` segment (also percent-encoded), an empty segment (`//`, which
 * would start an absolute path), a segment that decodes to a slash, a backslash or a NUL, or bad
 * percent-encoding.
 */
export function requestSegments(rawPath: string): string[] | undefined {
  const path = rawPath.split(/[?#]/, 1)[0]!;
  if (!path.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const part of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/**
 * The regular file `segments` name under `root`, or undefined when there is none or when its real
 * path (symbolic links followed) lies outside root's real path.
 */
export async function fileInside(root: string, segments: readonly string[]): Promise<string | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(join(root, ...segments))]);
    if (!realFile.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return undefined;
    return (await stat(realFile)).isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}
