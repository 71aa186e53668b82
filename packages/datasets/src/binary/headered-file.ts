import { type FileHandle, open } from 'node:fs/promises';
import { withFilePath } from '@bcos/backend';
import { DatasetFormatError } from '../errors';

/**
 * Our own binary files (decoded caches, masks) start with a fixed 4 KiB header: 8 magic bytes, the
 * header size (u32 LE) and a JSON description padded with spaces; the payload follows, page-aligned.
 * A fixed size lets a writer fill in counts only known at the end without moving the payload.
 */
export const HEADER_BYTES = 4096;

export function encodeHeader(magic: string, meta: object): Uint8Array {
  if (magic.length !== 8) throw new Error(`encodeHeader: magic must be 8 characters, got '${magic}'`);
  const json = new TextEncoder().encode(JSON.stringify(meta));
  if (12 + json.length > HEADER_BYTES) {
    throw new Error(
      `encodeHeader: the description takes ${json.length} bytes, at most ${HEADER_BYTES - 12} fit`,
    );
  }
  const header = new Uint8Array(HEADER_BYTES).fill(0x20);
  header.set(new TextEncoder().encode(magic), 0);
  new DataView(header.buffer).setUint32(8, HEADER_BYTES, true);
  header.set(json, 12);
  return header;
}

/** Parses a header written by `encodeHeader`; the result is the JSON description, unchecked. */
export function decodeHeader(header: Uint8Array, magic: string, file: string): unknown {
  const found = new TextDecoder('latin1').decode(header.subarray(0, 8));
  if (found !== magic && (header.length >= 8 || !magic.startsWith(found))) {
    throw new DatasetFormatError(file, 'byte 0', `bad magic '${found}', expected '${magic}'`);
  }
  if (header.length < HEADER_BYTES) {
    throw new DatasetFormatError(
      file,
      'header',
      `truncated: ${header.length} bytes, the header alone takes ${HEADER_BYTES}`,
    );
  }
  const size = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(8, true);
  if (size !== HEADER_BYTES)
    throw new DatasetFormatError(file, 'byte 8', `header size ${size}, expected ${HEADER_BYTES}`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(header.subarray(12, HEADER_BYTES)));
  } catch (error) {
    throw new DatasetFormatError(file, 'header', `unreadable description (${(error as Error).message})`);
  }
}

/** Fills `target` from `position`, failing with the file's name if the file is shorter. */
export async function readInto(
  handle: FileHandle,
  target: Uint8Array,
  position: number,
  file: string,
): Promise<void> {
  let filled = 0;
  while (filled < target.length) {
    const { bytesRead } = await withFilePath(file, 'reading', () =>
      handle.read(target, filled, target.length - filled, position + filled),
    );
    if (bytesRead === 0) {
      throw new DatasetFormatError(
        file,
        `byte ${position + filled}`,
        `truncated: expected ${target.length} bytes from byte ${position}`,
      );
    }
    filled += bytesRead;
  }
}

/** Reads `length` bytes at `position`; see `readInto`. */
export async function readExact(
  handle: FileHandle,
  position: number,
  length: number,
  file: string,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  await readInto(handle, buffer, position, file);
  return buffer;
}

/** Opens a file for reading; a failure names the file. */
export function openForReading(path: string): Promise<FileHandle> {
  return withFilePath(path, 'reading', () => open(path, 'r'));
}

/** The header description and the file size, read without reading the payload. */
export async function readFileHeader(
  path: string,
  magic: string,
): Promise<{ meta: unknown; fileBytes: number }> {
  const handle = await openForReading(path);
  try {
    const { size } = await handle.stat();
    const header = await readExact(handle, 0, Math.min(HEADER_BYTES, size), path);
    return { meta: decodeHeader(header, magic, path), fileBytes: size };
  } finally {
    await handle.close();
  }
}
