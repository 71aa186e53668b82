import type { Limiter } from '../pipeline/limiter';

export type Decoded = { index: number; data: Uint8Array } | { index: number; error: Error };

export interface ScanOptions {
  count: number;
  decode: (index: number) => Promise<Uint8Array>;
  limiter: Limiter;
  /** Images decoded and handed over together (bounds memory). */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

function decodeChunk(
  start: number,
  { count, decode, limiter, chunkSize = 256 }: ScanOptions,
): Promise<Decoded[]> {
  const end = Math.min(count, start + chunkSize);
  const indices = Array.from({ length: end - start }, (_, i) => start + i);
  return Promise.all(
    indices.map((index) =>
      limiter
        .run(() => decode(index))
        .then(
          (data) => ({ index, data }),
          (error: Error) => ({ index, error }),
        ),
    ),
  );
}

/**
 * Decodes every image once, in order, a chunk at a time: `onChunk` receives each chunk while the
 * next one is already decoding. Failures are handed over, not thrown, so the caller decides.
 */
export async function scanImages(
  options: ScanOptions,
  onChunk: (chunk: Decoded[]) => Promise<void>,
): Promise<void> {
  const { count, chunkSize = 256, onProgress } = options;
  let next = count > 0 ? decodeChunk(0, options) : undefined;
  for (let start = 0; next; start += chunkSize) {
    const chunk = await next;
    next = start + chunkSize < count ? decodeChunk(start + chunkSize, options) : undefined;
    await onChunk(chunk);
    onProgress?.(Math.min(count, start + chunkSize), count);
  }
}
