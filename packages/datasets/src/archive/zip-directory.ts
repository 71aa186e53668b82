import { openForReading, readExact } from '../binary/headered-file';
import { DatasetFormatError } from '../errors';

/** What the central directory promises about an entry, to check the extracted bytes against. */
export interface ZipEntryRecord {
  crc32: number;
  size: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const MAX_COMMENT = 0xffff;

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

/** Offset and size of the central directory, from the (zip64) end-of-central-directory records. */
async function locateDirectory(
  handle: import('node:fs/promises').FileHandle,
  fileBytes: number,
  file: string,
) {
  const tailStart = Math.max(0, fileBytes - 22 - MAX_COMMENT - 20);
  const tail = await readExact(handle, tailStart, fileBytes - tailStart, file);
  const view = new DataView(tail.buffer);
  let end = -1;
  for (let at = tail.length - 22; at >= 0 && end < 0; at--)
    if (view.getUint32(at, true) === END_OF_DIRECTORY) end = at;
  if (end < 0)
    throw new DatasetFormatError(
      file,
      undefined,
      'no end-of-central-directory record: truncated, or not a zip file',
    );
  let offset = view.getUint32(end + 16, true);
  let size = view.getUint32(end + 12, true);
  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const record = await readExact(handle, u64(view, end - 12), 56, file);
    const zip64 = new DataView(record.buffer);
    if (zip64.getUint32(0, true) !== ZIP64_END)
      throw new DatasetFormatError(file, undefined, 'corrupt zip64 end-of-central-directory record');
    size = u64(zip64, 40);
    offset = u64(zip64, 48);
  }
  if (offset + size > fileBytes)
    throw new DatasetFormatError(
      file,
      undefined,
      'the central directory lies beyond the end of the file: truncated',
    );
  return { offset, size };
}

/** The uncompressed size of an entry, from its zip64 extra field when the 32-bit field is saturated. */
function entrySize(view: DataView, at: number, extraStart: number, extraLength: number): number {
  const size = view.getUint32(at + 24, true);
  if (size !== 0xffffffff) return size;
  for (let p = extraStart; p + 4 <= extraStart + extraLength; ) {
    const id = view.getUint16(p, true);
    const length = view.getUint16(p + 2, true);
    if (id === 0x0001) return u64(view, p + 4);
    p += 4 + length;
  }
  return size;
}

/** Reads a zip's central directory: name → CRC-32 and size of every file entry. */
export async function readZipDirectory(file: string): Promise<Map<string, ZipEntryRecord>> {
  const handle = await openForReading(file);
  try {
    const { size: fileBytes } = await handle.stat();
    const { offset, size } = await locateDirectory(handle, fileBytes, file);
    const directory = await readExact(handle, offset, size, file);
    const view = new DataView(directory.buffer);
    const entries = new Map<string, ZipEntryRecord>();
    const decoder = new TextDecoder();
    for (let at = 0; at < size; ) {
      if (at + 46 > size || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
        throw new DatasetFormatError(file, `central directory byte ${at}`, 'corrupt entry record');
      }
      const [nameLength, extraLength, commentLength] = [28, 30, 32].map((p) =>
        view.getUint16(at + p, true),
      ) as [number, number, number];
      const name = decoder.decode(directory.subarray(at + 46, at + 46 + nameLength));
      if (!name.endsWith('/')) {
        entries.set(name, {
          crc32: view.getUint32(at + 16, true),
          size: entrySize(view, at, at + 46 + nameLength, extraLength),
        });
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}
