import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileError, withFilePath } from '@bcos/backend';

/** A whole file's bytes; a failure (a directory in its place, no permission) names the file. */
export async function readFileNamed(path: string): Promise<Uint8Array> {
  return new Uint8Array(await withFilePath(path, 'reading', () => readFile(path)));
}

/** A file's bytes as a stream of chunks; a failure names the file. */
export async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
  } catch (error) {
    throw fileError(path, 'reading', error);
  }
}
