import { maybeGunzip } from '../../archive/gzip';
import { DatasetFormatError } from '../../errors';
import { readFileNamed } from '../../read-file';

/** An IDX array of unsigned bytes (the only element type MNIST-style files use). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  9: 'int8',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

function readHeader(bytes: Uint8Array, file: string): { dims: number[]; headerBytes: number } {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DatasetFormatError(
      file,
      'byte 0',
      `bad magic number [${magic}]: not an IDX file (expected 00 00 <type> <rank>)`,
    );
  }
  const type = bytes[2]!;
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new DatasetFormatError(
      file,
      'byte 2',
      `element type ${name}: only unsigned bytes (0x08) are supported`,
    );
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (rank === 0)
    throw new DatasetFormatError(file, 'byte 3', 'rank 0: an IDX file needs at least one dimension');
  if (bytes.length < headerBytes) {
    throw new DatasetFormatError(
      file,
      'header',
      `truncated: rank ${rank} needs ${headerBytes} header bytes, file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, headerBytes };
}

/** Parses an IDX file's bytes; the data must be exactly as long as its dimensions say. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const { dims, headerBytes } = readHeader(bytes, file);
  const expected = dims.reduce((product, d) => product * d, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    throw new DatasetFormatError(
      file,
      'header',
      `count/size mismatch: dimensions ${dims.join('×')} need ${expected} data bytes, the file has ${actual}`,
    );
  }
  return { dims, data: bytes.slice(headerBytes) };
}

/** Reads an IDX file, gzipped or not. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  return parseIdx(await maybeGunzip(await readFileNamed(path), path), path);
}

/** Encodes unsigned bytes as IDX: the inverse of `parseIdx`. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, UNSIGNED_BYTE, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}
