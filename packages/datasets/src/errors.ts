/**
 * Malformed data on disk. The message names the file and, where one applies, the record, line or
 * byte offset, so that the user can find and fix (or re-download) exactly what is wrong.
 */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';

  constructor(
    readonly file: string,
    readonly location: string | undefined,
    readonly detail: string,
  ) {
    super(location ? `${file}: ${location}: ${detail}` : `${file}: ${detail}`);
  }
}
