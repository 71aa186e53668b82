import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as delay } from 'node:timers/promises';
import { FileAccessError, fileError } from '@bcos/backend';
import type { Progress } from './progress';

export interface FetchOptions {
  /** Further attempts after a dropped connection, a stall or a server error, each resuming (default 5). */
  retries?: number;
  /** Wait before attempt k is k × retryDelayMs (default 1000). */
  retryDelayMs?: number;
  /**
   * An attempt that receives nothing (no headers, no body bytes) for this long is abandoned and
   * retried, resuming (default 60,000 ms).
   */
  idleTimeoutMs?: number;
  /** Stops the download (the partial file is kept for a later resume); not retried. */
  signal?: AbortSignal;
  progress: Progress;
}

/** An HTTP answer that retrying cannot change (404, 403…). */
class FatalHttpError extends Error {}

/** An attempt abandoned because the server sent nothing for a while. */
class StallError extends Error {}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** The start and total of a `Content-Range: bytes start-end/total` header. */
function contentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

function counter(progress: Progress, onData: () => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onData();
      progress.add(chunk.length);
      callback(null, chunk);
    },
  });
}

/** An abort signal that fires when `touch` has not been called for `ms` (or when `outer` fires). */
function inactivityWatch(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => controller.abort(new StallError(`no data for ${ms} ms: the server stalled`)),
      ms,
    );
  };
  touch();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  return { signal, touch, stop: () => clearTimeout(timer) };
}

/**
 * Where the body of a response goes: appended to `part` when it continues it, written from the
 * start when it is the whole file. A 206 whose Content-Range is missing or starts elsewhere
 * cannot be placed: the partial file is kept as it is.
 */
function placement(response: Response, url: string, offset: number, part: string) {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.status !== 206) return { append: false, total: Number.isFinite(length) ? length : undefined };
  const header = response.headers.get('content-range');
  const range = contentRange(header);
  if (range?.start === offset || range?.start === 0) return { append: range.start > 0, total: range.total };
  throw new FatalHttpError(
    `${url}: HTTP 206 for a resume at byte ${offset} with ${header === null ? 'no Content-Range' : `Content-Range '${header}'`}, so the bytes cannot be placed; ${part} is kept as it was (delete it to download from the start)`,
  );
}

/** One request: resumes `part` from its current size when the server honours the range. */
async function attempt(url: string, part: string, options: FetchOptions): Promise<void> {
  const offset = sizeOf(part);
  const watch = inactivityWatch(options.idleTimeoutMs ?? 60_000, options.signal);
  try {
    const response = await fetch(url, {
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      signal: watch.signal,
    });
    watch.touch();
    if (response.status === 416) {
      // The partial file is not a prefix the server can continue: start over.
      await rm(part, { force: true });
      throw new Error(`${url}: HTTP 416 for a resume at byte ${offset}; restarting`);
    }
    if (!response.ok || !response.body) {
      const message = `${url}: HTTP ${response.status} ${response.statusText}`;
      throw response.status >= 400 && response.status < 500
        ? new FatalHttpError(message)
        : new Error(message);
    }
    const { append, total } = placement(response, url, offset, part);
    options.progress.start(append ? offset : 0, total);
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    const sink = createWriteStream(part, { flags: append ? 'a' : 'w' });
    await pipeline(body, counter(options.progress, watch.touch), sink).catch((error) => {
      // Errors of the file (a full disk) name it; those of the connection are retried.
      throw sink.errored === error ? fileError(part, 'writing', error) : error;
    });
  } finally {
    watch.stop();
  }
}

/** An error's message with the causes fetch hides behind "fetch failed" (ECONNREFUSED, a redirect loop…). */
function describeFailure(error: unknown): string {
  if (error instanceof FileAccessError || !(error instanceof Error))
    return String((error as Error)?.message ?? error);
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 4; e = e.cause)
    messages.push(e.message);
  return messages.join(': ');
}

function keptNote(part: string): string {
  const kept = sizeOf(part);
  return kept > 0 ? `; ${kept} bytes kept in ${part} for a later resume` : '';
}

function isUserAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && !(error instanceof StallError);
}

/**
 * Downloads `url` into `part`, continuing a partial file left by an earlier run or a dropped
 * connection (HTTP Range), retrying with a growing delay; an attempt that stalls for
 * `idleTimeoutMs` is retried too. The caller verifies the result.
 */
export async function fetchResumable(url: string, part: string, options: FetchOptions): Promise<void> {
  const { retries = 5, retryDelayMs = 1000, progress, signal } = options;
  for (let k = 0; ; k++) {
    let error: unknown;
    try {
      await attempt(url, part, options);
      progress.finish();
      return;
    } catch (failure) {
      error = failure;
    }
    // A local file error (a full disk) is not the server's: retrying cannot help.
    const final = error instanceof FatalHttpError || error instanceof FileAccessError;
    if (!final && !isUserAbort(error, signal) && k < retries) {
      await delay((k + 1) * retryDelayMs, undefined, { signal }).catch(() => {});
      if (!signal?.aborted) continue;
      error = signal.reason;
    }
    progress.finish();
    const what = isUserAbort(error, signal) ? 'download aborted' : 'download failed';
    throw new Error(
      `${url}: ${what} after ${k + 1} attempt${k ? 's' : ''} (${describeFailure(error)})${keptNote(part)}`,
      { cause: error },
    );
  }
}
