import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A JSON Lines file: one JSON object per line, appended (a resumed run continues the same file). */
export class JsonlLog {
  private ready: Promise<unknown> | undefined;
  constructor(readonly path: string) {}

  async write(event: string, fields: Record<string, unknown>): Promise<void> {
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    await this.ready;
    await appendFile(
      this.path,
      `${JSON.stringify({ event, time: new Date().toISOString(), ...fields }, finiteOrString)}\n`,
    );
  }
}

/** JSON has no NaN or ±Infinity; they are written as strings rather than silently as null. */
function finiteOrString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
