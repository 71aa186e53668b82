import { createHash } from 'node:crypto';
import { readChunks } from '../read-file';
import type { RemoteFile } from './sources';

/** The published checksum to verify `file` against: SHA-256 when given, else MD5. */
export function expectedDigest(file: RemoteFile): { algorithm: 'sha256' | 'md5'; digest: string } {
  if (file.sha256) return { algorithm: 'sha256', digest: file.sha256.toLowerCase() };
  if (file.md5) return { algorithm: 'md5', digest: file.md5.toLowerCase() };
  throw new Error(`${file.fileName}: the source table gives no checksum`);
}

/** Hex digest of a file, streamed. */
export async function fileDigest(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of readChunks(path)) hash.update(chunk);
  return hash.digest('hex');
}

export class ChecksumError extends Error {
  override readonly name = 'ChecksumError';

  constructor(
    readonly url: string,
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
    /** Where the bad file was moved (it is not used). */
    readonly keptAt: string,
  ) {
    super(
      `${url}: ${algorithm} checksum mismatch: expected ${expected}, got ${actual}; the file is kept aside at ${keptAt} and not used`,
    );
  }
}
