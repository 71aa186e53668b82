import { DatasetFormatError } from '../../errors';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR_IMAGE_BYTES = 3 * CIFAR_PIXELS;

export interface CifarLayout {
  /** Class count of each label byte before the image: [10] (CIFAR-10) or [20, 100] (CIFAR-100: coarse, fine). */
  labelClasses: readonly number[];
  /** Which label byte is the label. */
  labelIndex: number;
}

/**
 * The records a file must hold. The format has no count, so a short file (a cut download, a copy
 * that stopped) would otherwise pass: the official files hold exactly 10,000 records per CIFAR-10
 * batch and 50,000 / 10,000 in CIFAR-100's train.bin / test.bin. `why` says where the number
 * comes from, for the message. A subset holds 1 to `atMost`.
 */
export type RecordCount = { exactly: number; why: string } | { atMost: number };

export interface CifarRecords {
  /** N×32×32×3, NHWC. */
  images: Uint8Array;
  labels: Int32Array;
}

/** Checks the size of a CIFAR binary file and returns its record count. */
function recordCount(bytes: Uint8Array, layout: CifarLayout, file: string, expected: RecordCount): number {
  const recordBytes = layout.labelClasses.length + CIFAR_IMAGE_BYTES;
  const count = Math.floor(bytes.length / recordBytes);
  if (bytes.length % recordBytes !== 0) {
    throw new DatasetFormatError(
      file,
      `record ${count}`,
      `truncated: ${bytes.length} bytes is not a whole number of ${recordBytes}-byte records (${bytes.length % recordBytes} bytes left over)`,
    );
  }
  if ('exactly' in expected) {
    if (count !== expected.exactly) throw wrongCount(file, count, expected);
  } else if (count === 0) {
    throw new DatasetFormatError(file, undefined, 'empty: a CIFAR file holds at least one record');
  } else if (count > expected.atMost) {
    throw new DatasetFormatError(
      file,
      undefined,
      `oversized: ${count} records, a file of this kind holds at most ${expected.atMost}`,
    );
  }
  return count;
}

function wrongCount(file: string, count: number, expected: { exactly: number; why: string }): Error {
  const found =
    count === 0
      ? 'empty (0 records)'
      : `${count < expected.exactly ? 'short' : 'oversized'}: ${count} records`;
  return new DatasetFormatError(file, undefined, `${found}, expected ${expected.exactly} (${expected.why})`);
}

/** Copies one record's R, G, B planes into interleaved HWC. */
function planesToPixels(bytes: Uint8Array, source: number, images: Uint8Array, target: number): void {
  for (let p = 0; p < CIFAR_PIXELS; p++) {
    images[target + 3 * p] = bytes[source + p]!;
    images[target + 3 * p + 1] = bytes[source + CIFAR_PIXELS + p]!;
    images[target + 3 * p + 2] = bytes[source + 2 * CIFAR_PIXELS + p]!;
  }
}

/**
 * Parses a CIFAR binary batch: per record the label byte(s), then 1,024 red, 1,024 green and 1,024
 * blue bytes, row-major. Nothing is returned unless every record is whole and every label in range.
 */
export function parseCifarRecords(
  bytes: Uint8Array,
  layout: CifarLayout,
  file: string,
  expected: RecordCount,
): CifarRecords {
  const count = recordCount(bytes, layout, file, expected);
  const labelBytes = layout.labelClasses.length;
  const recordBytes = labelBytes + CIFAR_IMAGE_BYTES;
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const start = r * recordBytes;
    checkLabelBytes(bytes, start, layout, `record ${r}`, file);
    labels[r] = bytes[start + layout.labelIndex]!;
    planesToPixels(bytes, start + labelBytes, images, r * CIFAR_IMAGE_BYTES);
  }
  return { images, labels };
}

function checkLabelBytes(
  bytes: Uint8Array,
  start: number,
  layout: CifarLayout,
  record: string,
  file: string,
): void {
  layout.labelClasses.forEach((classes, i) => {
    const label = bytes[start + i]!;
    if (label >= classes) {
      throw new DatasetFormatError(
        file,
        `${record} (byte ${start + i})`,
        `label ${label} is out of range 0..${classes - 1}`,
      );
    }
  });
}

/** Concatenates the records of several files in order. */
export function concatRecords(parts: readonly CifarRecords[]): CifarRecords {
  const images = new Uint8Array(parts.reduce((n, part) => n + part.images.length, 0));
  const labels = new Int32Array(parts.reduce((n, part) => n + part.labels.length, 0));
  let imageOffset = 0;
  let labelOffset = 0;
  for (const part of parts) {
    images.set(part.images, imageOffset);
    labels.set(part.labels, labelOffset);
    imageOffset += part.images.length;
    labelOffset += part.labels.length;
  }
  return { images, labels };
}

/** Encodes images (NHWC) and label bytes into CIFAR records: the inverse of `parseCifarRecords`. */
export function encodeCifarRecords(
  images: Uint8Array,
  labelRows: readonly (readonly number[])[],
): Uint8Array {
  const labelBytes = labelRows[0]?.length ?? 1;
  const recordBytes = labelBytes + CIFAR_IMAGE_BYTES;
  const out = new Uint8Array(labelRows.length * recordBytes);
  labelRows.forEach((row, r) => {
    const start = r * recordBytes;
    out.set(row, start);
    const pixels = r * CIFAR_IMAGE_BYTES;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      for (let c = 0; c < 3; c++)
        out[start + labelBytes + c * CIFAR_PIXELS + p] = images[pixels + 3 * p + c]!;
    }
  });
  return out;
}
