import { DatasetFormatError } from '../../errors';

/**
 * A CelebA annotation table (list_attr_celeba, list_bbox_celeba, list_landmarks_align_celeba):
 * per image its file name and one integer per column.
 */
export interface CelebaTable {
  /** The file it was read from (for errors about its rows). */
  file: string;
  columns: string[];
  imageIds: string[];
  /** rows × columns, row-major. */
  values: Int32Array;
  rowOf: Map<string, number>;
}

/**
 * How the tables are written: 'txt' as distributed officially (line 1 the image count, line 2 the
 * column names, then whitespace-separated rows), 'csv' as on Kaggle (a header `image_id,<columns>`,
 * then comma-separated rows).
 */
export type CelebaTableSyntax = 'txt' | 'csv';

const INTEGER = /^[+-]?\d+$/;

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1]!.trim() === '') all.pop();
  return all;
}

function tokens(line: string, syntax: CelebaTableSyntax): string[] {
  if (syntax === 'csv') return line.split(',').map((field) => field.trim());
  return line.trim().split(/\s+/).filter(Boolean);
}

function parseCount(line: string | undefined, file: string): number {
  const text = line?.trim() ?? '';
  if (!/^\d+$/.test(text))
    throw new DatasetFormatError(file, 'line 1', `expected the image count, got '${text}'`);
  return Number(text);
}

function parseRow(
  parts: string[],
  lineNumber: number,
  table: CelebaTable,
  check: ((value: number) => boolean) | undefined,
): void {
  const { file } = table;
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

/** Where the header and the rows are: txt has a count line first, csv starts with the header. */
function tableLayout(all: string[], file: string, syntax: CelebaTableSyntax) {
  if (syntax === 'txt') {
    const count = parseCount(all[0], file);
    const rows = all.length - 2;
    if (rows !== count)
      throw new DatasetFormatError(file, 'line 1', `declares ${count} images, the file lists ${rows}`);
    return { headerLine: 1, count };
  }
  return { headerLine: 0, count: Math.max(0, all.length - 1) };
}

/** Parses a CelebA table in either syntax; `check` restricts the values (e.g. to ±1 for attributes). */
export function parseCelebaTable(
  text: string,
  file: string,
  check?: (value: number) => boolean,
  syntax: CelebaTableSyntax = 'txt',
): CelebaTable {
  const all = lines(text);
  const { headerLine, count } = tableLayout(all, file, syntax);
  const columns = tokens(all[headerLine] ?? '', syntax).filter(Boolean);
  if (columns[0] === 'image_id') columns.shift();
  else if (syntax === 'csv')
    throw new DatasetFormatError(file, 'line 1', `expected the header 'image_id,…', got '${all[0] ?? ''}'`);
  if (columns.length === 0)
    throw new DatasetFormatError(file, `line ${headerLine + 1}`, 'expected the column names');
  const table: CelebaTable = {
    file,
    columns,
    imageIds: [],
    values: new Int32Array(count * columns.length),
    rowOf: new Map(),
  };
  for (let i = headerLine + 1; i < all.length; i++) parseRow(tokens(all[i]!, syntax), i + 1, table, check);
  return table;
}

export const CELEBA_SPLITS = ['train', 'valid', 'test'] as const;
export type CelebaSplit = (typeof CELEBA_SPLITS)[number];
export type CelebaPartition = Map<string, { split: CelebaSplit; line: number }>;

const PARTITION_CSV_HEADER = 'image_id,partition';

/** The partition's rows with their line numbers; csv starts with the header `image_id,partition`. */
function partitionRows(text: string, file: string, syntax: CelebaTableSyntax) {
  const all = lines(text).map((line, i) => ({ line, number: i + 1 }));
  if (syntax === 'txt') return all;
  const header = all[0]?.line.replace(/\s/g, '') ?? '';
  if (header !== PARTITION_CSV_HEADER)
    throw new DatasetFormatError(
      file,
      'line 1',
      `expected the header '${PARTITION_CSV_HEADER}', got '${header}'`,
    );
  return all.slice(1);
}

/**
 * Parses list_eval_partition (.txt: `<file name> <0|1|2>` per line; .csv: a header, then
 * `<file name>,<0|1|2>`): 0 is train, 1 valid, 2 test.
 */
export function parsePartition(
  text: string,
  file: string,
  syntax: CelebaTableSyntax = 'txt',
): CelebaPartition {
  const partition: CelebaPartition = new Map();
  const separator = syntax === 'csv' ? ',' : ' ';
  for (const { line, number } of partitionRows(text, file, syntax)) {
    const parts = tokens(line, syntax);
    const split = CELEBA_SPLITS[Number(parts[1])];
    if (parts.length !== 2 || !/^[012]$/.test(parts[1]!) || !split) {
      throw new DatasetFormatError(
        file,
        `line ${number}`,
        `expected '<file name>${separator}<0|1|2>', got '${line.trim()}'`,
      );
    }
    if (partition.has(parts[0]!))
      throw new DatasetFormatError(file, `line ${number}`, `${parts[0]} is listed twice`);
    partition.set(parts[0]!, { split, line: number });
  }
  return partition;
}
