import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { fileError } from '@bcos/backend';
import { DatasetFormatError } from '../errors';

const gunzipAsync = promisify(gunzip);

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function gzipError(file: string, error: Error): DatasetFormatError {
  return new DatasetFormatError(file, undefined, `corrupt or truncated gzip data (${error.message})`);
}

/** The bytes of a file's content, gunzipped when it is gzip-compressed. */
export async function maybeGunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(await gunzipAsync(bytes));
  } catch (error) {
    throw isZlibError(error) ? gzipError(file, error) : error;
  }
}

/** A .gz file's decompressed content as a stream of chunks, with zlib errors naming the file. */
export async function* gunzipFile(path: string): AsyncGenerator<Uint8Array> {
  const input = createReadStream(path);
  const output = createGunzip();
  input.on('error', (error) => output.destroy(fileError(path, 'reading', error)));
  input.pipe(output);
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } catch (error) {
    throw isZlibError(error) ? gzipError(path, error) : error;
  } finally {
    input.destroy();
    output.destroy();
  }
}
