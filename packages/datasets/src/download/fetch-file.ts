import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Progress } from './progress';

export interface FetchOptions {
  /** Further attempts after a dropped connection or a server error, each resuming (default 5). */
  retries?: number;
  /** Wait before attempt k is k × retryDelayMs (default 1000). */
  retryDelayMs?: number;
  progress: Progress;
}

/** An HTTP answer that retrying cannot change (404, 403…). */
class FatalHttpError extends Error {}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** The start and total of a `Content-Range: bytes start-end/total` header. */
function contentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

function counter(progress: Progress): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      progress.add(chunk.length);
      callback(null, chunk);
    },
  });
}

/** One request: resumes `part` from its current size when the server honours the range. */
async function attempt(url: string, part: string, progress: Progress): Promise<void> {
  const offset = sizeOf(part);
  const response = await fetch(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} });
  if (response.status === 416) {
    // The partial file is not a prefix the server can continue: start over.
    await rm(part, { force: true });
    throw new Error(`${url}: HTTP 416 for a resume at byte ${offset}; restarting`);
  }
  if (!response.ok || !response.body) {
    const message = `${url}: HTTP ${response.status} ${response.statusText}`;
    throw response.status >= 400 && response.status < 500 ? new FatalHttpError(message) : new Error(message);
  }
  const range = response.status === 206 ? contentRange(response.headers.get('content-range')) : undefined;
  const resumed = range !== undefined && range.start === offset;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = range ? range.total : Number.isFinite(length) ? length : undefined;
  progress.start(resumed ? offset : 0, total);
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  await pipeline(body, counter(progress), createWriteStream(part, { flags: resumed ? 'a' : 'w' }));
}

/**
 * Downloads `url` into `part`, continuing a partial file left by an earlier run or a dropped
 * connection (HTTP Range), retrying with a growing delay. The caller verifies the result.
 */
export async function fetchResumable(url: string, part: string, options: FetchOptions): Promise<void> {
  const { retries = 5, retryDelayMs = 1000, progress } = options;
  for (let k = 0; ; k++) {
    try {
      await attempt(url, part, progress);
      progress.finish();
      return;
    } catch (error) {
      if (error instanceof FatalHttpError || k >= retries) {
        progress.finish();
        throw new Error(
          `${url}: download failed after ${k + 1} attempt${k ? 's' : ''} (${(error as Error).message}); ${sizeOf(part)} bytes kept in ${part} for a later resume`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, (k + 1) * retryDelayMs));
    }
  }
}
