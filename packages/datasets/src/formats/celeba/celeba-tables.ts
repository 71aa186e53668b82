import { DatasetFormatError } from '../../errors';

/**
 * A CelebA annotation table (list_attr_celeba.txt, list_bbox_celeba.txt, list_landmarks_*.txt):
 * line 1 the image count, line 2 the column names, then one line per image, its file name and
 * one integer per column.
 */
export interface CelebaTable {
  columns: string[];
  imageIds: string[];
  /** rows × columns, row-major. */
  values: Int32Array;
  rowOf: Map<string, number>;
}

const INTEGER = /^[+-]?\d+$/;

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1]!.trim() === '') all.pop();
  return all;
}

function tokens(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

function parseCount(line: string | undefined, file: string): number {
  const text = line?.trim() ?? '';
  if (!/^\d+$/.test(text))
    throw new DatasetFormatError(file, 'line 1', `expected the image count, got '${text}'`);
  return Number(text);
}

function parseRow(
  line: string,
  lineNumber: number,
  table: CelebaTable,
  file: string,
  check: ((value: number) => boolean) | undefined,
): void {
  const parts = tokens(line);
  const columns = table.columns.length;
  if (parts.length !== columns + 1) {
    throw new DatasetFormatError(
      file,
      `line ${lineNumber}`,
      `expected ${columns + 1} columns (file name + ${columns} values), got ${parts.length}`,
    );
  }
  const [id, ...fields] = parts as [string, ...string[]];
  if (table.rowOf.has(id)) throw new DatasetFormatError(file, `line ${lineNumber}`, `${id} is listed twice`);
  const row = table.imageIds.length;
  fields.forEach((field, c) => {
    const value = Number(field);
    if (!INTEGER.test(field) || (check && !check(value))) {
      throw new DatasetFormatError(file, `line ${lineNumber}`, `${table.columns[c]} of ${id} is '${field}'`);
    }
    table.values[row * columns + c] = value;
  });
  table.rowOf.set(id, row);
  table.imageIds.push(id);
}

/** Parses a CelebA table; `check` restricts the values (e.g. to ±1 for attributes). */
export function parseCelebaTable(
  text: string,
  file: string,
  check?: (value: number) => boolean,
): CelebaTable {
  const all = lines(text);
  const count = parseCount(all[0], file);
  const columns = tokens(all[1] ?? '');
  if (columns[0] === 'image_id') columns.shift();
  if (columns.length === 0) throw new DatasetFormatError(file, 'line 2', 'expected the column names');
  const rows = all.length - 2;
  if (rows !== count)
    throw new DatasetFormatError(file, 'line 1', `declares ${count} images, the file lists ${rows}`);
  const table: CelebaTable = {
    columns,
    imageIds: [],
    values: new Int32Array(count * columns.length),
    rowOf: new Map(),
  };
  for (let i = 2; i < all.length; i++) parseRow(all[i]!, i + 1, table, file, check);
  return table;
}

export const CELEBA_SPLITS = ['train', 'valid', 'test'] as const;
export type CelebaSplit = (typeof CELEBA_SPLITS)[number];

/** Parses list_eval_partition.txt: per line a file name and 0 (train), 1 (valid) or 2 (test). */
export function parsePartition(
  text: string,
  file: string,
): Map<string, { split: CelebaSplit; line: number }> {
  const partition = new Map<string, { split: CelebaSplit; line: number }>();
  lines(text).forEach((line, i) => {
    const parts = tokens(line);
    const split = CELEBA_SPLITS[Number(parts[1])];
    if (parts.length !== 2 || !/^[012]$/.test(parts[1]!) || !split) {
      throw new DatasetFormatError(
        file,
        `line ${i + 1}`,
        `expected '<file name> <0|1|2>', got '${line.trim()}'`,
      );
    }
    if (partition.has(parts[0]!))
      throw new DatasetFormatError(file, `line ${i + 1}`, `${parts[0]} is listed twice`);
    partition.set(parts[0]!, { split, line: i + 1 });
  });
  return partition;
}
