import { DatasetFormatError } from '../../errors';

/**
 * Written next to CIFAR-format files that are not the official ones (generated datasets): the
 * record count of each file, so that a short file is caught there too.
 */
export const CIFAR_RECORDS_FILE = 'bcos-records.json';

export interface RecordManifest {
  /** The count the manifest gives for `file`; a manifest without one is an error naming it. */
  count(file: string): { exactly: number; why: string };
}

export function encodeRecordManifest(records: Readonly<Record<string, number>>): string {
  return `${JSON.stringify({ format: 'bcos-cifar-records', version: 1, records }, null, 2)}\n`;
}

function isCountTable(value: unknown): value is Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
}

export function parseRecordManifest(bytes: Uint8Array, file: string): RecordManifest {
  let json: { format?: unknown; records?: unknown } | null;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new DatasetFormatError(file, undefined, `not valid JSON (${(error as Error).message})`);
  }
  if (json?.format !== 'bcos-cifar-records' || !isCountTable(json.records)) {
    throw new DatasetFormatError(
      file,
      undefined,
      "expected {format: 'bcos-cifar-records', records: {<file>: <count ≥ 0>, …}}",
    );
  }
  const records = json.records;
  return {
    count(name) {
      if (!Object.hasOwn(records, name))
        throw new DatasetFormatError(file, undefined, `gives no record count for ${name}`);
      return { exactly: records[name]!, why: `${file} gives ${records[name]}` };
    },
  };
}
