import { DatasetFormatError } from '../errors';
import { ByteQueue } from './byte-queue';

const BLOCK = 512;

export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'other';
  size: number;
  /** The content, for files the caller asked for. */
  data?: Uint8Array;
}

interface Header {
  path: string;
  size: number;
  typeflag: string;
}

const decoder = new TextDecoder();

function cString(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/** An octal number field, or a base-256 one (GNU, for sizes ≥ 8 GiB). */
function numberField(block: Uint8Array, start: number, length: number): number {
  if ((block[start]! & 0x80) !== 0) {
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = cString(block, start, length).trim();
  return /^[0-7]*$/.test(text) ? (text === '' ? 0 : Number.parseInt(text, 8)) : Number.NaN;
}

function checksumMatches(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return numberField(block, 148, 8) === sum;
}

function parseHeader(block: Uint8Array, at: string, file: string): Header {
  if (!checksumMatches(block)) {
    throw new DatasetFormatError(file, at, 'header checksum mismatch: not a tar archive, or corrupted');
  }
  const size = numberField(block, 124, 12);
  if (!Number.isSafeInteger(size))
    throw new DatasetFormatError(file, at, 'header has an unreadable size field');
  const name = cString(block, 0, 100);
  const isUstar = cString(block, 257, 6).startsWith('ustar');
  const prefix = isUstar ? cString(block, 345, 155) : '';
  return { path: prefix ? `${prefix}/${name}` : name, size, typeflag: String.fromCharCode(block[156]!) };
}

/** The `path` record of a pax extended header ("<length> path=<value>\n" records). */
function paxPath(data: Uint8Array): string | undefined {
  const text = decoder.decode(data);
  for (const match of text.matchAll(/\d+ ([^=\n]+)=([^\n]*)\n/g)) if (match[1] === 'path') return match[2];
  return undefined;
}

function entryType(typeflag: string): TarEntry['type'] {
  if (typeflag === '0' || typeflag === '\0' || typeflag === '7') return 'file';
  if (typeflag === '5') return 'directory';
  return 'other';
}

async function readExactly(queue: ByteQueue, size: number, file: string, what: string): Promise<Uint8Array> {
  const at = queue.consumed;
  const data = await queue.read(size);
  if (data.length < size) {
    throw new DatasetFormatError(file, `byte ${at}`, `truncated: the archive ends inside ${what}`);
  }
  return data;
}

async function skipPadding(queue: ByteQueue, size: number, file: string, what: string): Promise<void> {
  const padding = (BLOCK - (size % BLOCK)) % BLOCK;
  if ((await queue.skip(padding)) < padding) {
    throw new DatasetFormatError(
      file,
      `byte ${queue.consumed}`,
      `truncated: the archive ends inside ${what}`,
    );
  }
}

/**
 * Reads a tar stream (ustar, pax and GNU long names) entry by entry. The data of the files that
 * `wanted` selects is returned; other data is skipped without being held. A header with a bad
 * checksum or an archive that ends before its end-of-archive block is an error naming the byte.
 */
export async function* readTar(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  wanted: (path: string) => boolean = () => true,
): AsyncGenerator<TarEntry> {
  const queue = new ByteQueue(chunks[Symbol.asyncIterator]());
  let longPath: string | undefined;
  for (;;) {
    const at = `header at byte ${queue.consumed}`;
    const block = await queue.read(BLOCK);
    if (block.length === 0) throw new DatasetFormatError(file, at, 'truncated: no end-of-archive block');
    if (block.length < BLOCK)
      throw new DatasetFormatError(file, at, 'truncated: the archive ends inside a header');
    if (block.every((byte) => byte === 0)) {
      // Read the stream to its end: a gzip layer checks its CRC and length only there.
      await queue.skip(Number.POSITIVE_INFINITY);
      return;
    }
    const header = parseHeader(block, at, file);
    const path = longPath ?? header.path;
    longPath = undefined;
    const type = entryType(header.typeflag);
    const isNameRecord = header.typeflag === 'x' || header.typeflag === 'L';
    const keep = isNameRecord || (type === 'file' && wanted(path));
    let data: Uint8Array | undefined;
    if (keep) data = await readExactly(queue, header.size, file, path);
    else if ((await queue.skip(header.size)) < header.size) {
      throw new DatasetFormatError(file, at, `truncated: the archive ends inside ${path}`);
    }
    await skipPadding(queue, header.size, file, path);
    if (header.typeflag === 'x') longPath = paxPath(data!);
    else if (header.typeflag === 'L') longPath = cString(data!, 0, data!.length);
    else if (header.typeflag !== 'g') yield { path, type, size: header.size, ...(keep ? { data } : {}) };
  }
}
