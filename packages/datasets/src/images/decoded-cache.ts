import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeAtomically } from '@bcos/backend/node';
import {
  encodeHeader,
  HEADER_BYTES,
  openForReading,
  readExact,
  readFileHeader,
  readInto,
} from '../binary/headered-file';
import type { Decoded } from './scan-images';

const CACHE_MAGIC = 'BCOSDEC1';

/** What a cache was made from; a cache whose key differs from the one asked for is stale. */
export interface CacheKey {
  source: string;
  /**
   * SHA-256 of each image's path, size and modification time (ns), in order: an image replaced
   * under the same name makes the cache stale.
   */
  filesHash: string;
  sourceCount: number;
  decode: object;
}

interface CacheMeta {
  format: 'bcos-decoded-cache';
  version: 2;
  key: CacheKey;
  shape: [number, number, number];
  count: number;
  /** SHA-256 of the index bytes: a damaged index must not hand out other images' labels. */
  indexHash: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Why an index read from a cache cannot be the one written, or undefined if it can. */
function indexDamage(indexBytes: Uint8Array, meta: CacheMeta): string | undefined {
  if (sha256(indexBytes) !== meta.indexHash) return 'its index does not match its checksum';
  const view = new DataView(indexBytes.buffer, indexBytes.byteOffset, indexBytes.byteLength);
  let previous = -1;
  for (let i = 0; i < meta.count; i++) {
    const index = view.getInt32(4 * i, true);
    if (index <= previous || index >= meta.key.sourceCount)
      return `its index entry ${i} (${index}) is not an increasing image number below ${meta.key.sourceCount}`;
    previous = index;
  }
  return undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A decoded split on disk: header, then `count` images of `shape` as uint8, then the Int32 LE index
 * (into the source file list) of each image, since unreadable images may have been skipped.
 */
export class DecodedCache {
  private constructor(
    readonly path: string,
    readonly shape: readonly [number, number, number],
    readonly sourceIndices: Int32Array,
  ) {}

  get count(): number {
    return this.sourceIndices.length;
  }

  /**
   * The cache at `path` if it exists, is whole, and was made from `key` with `shape`; else
   * undefined (stale or never built). A cache that matches but is damaged is reported through
   * `onDamage` and treated as missing.
   */
  static async open(
    path: string,
    key: CacheKey,
    shape: readonly [number, number, number],
    onDamage: (reason: string) => void = () => {},
  ): Promise<DecodedCache | undefined> {
    if (!existsSync(path)) return undefined;
    const { meta, fileBytes } = await readFileHeader(path, CACHE_MAGIC).catch(() => ({
      meta: undefined,
      fileBytes: 0,
    }));
    const cache = meta as CacheMeta | undefined;
    if (
      cache?.format !== 'bcos-decoded-cache' ||
      cache.version !== 2 ||
      !sameJson(cache.key, key) ||
      !sameJson(cache.shape, shape)
    )
      return undefined;
    const imageBytes = shape[0] * shape[1] * shape[2];
    if (!Number.isInteger(cache.count) || fileBytes !== HEADER_BYTES + cache.count * (imageBytes + 4))
      return undefined;
    const handle = await openForReading(path);
    try {
      const indexBytes = await readExact(
        handle,
        HEADER_BYTES + cache.count * imageBytes,
        cache.count * 4,
        path,
      );
      const damage = indexDamage(indexBytes, cache);
      if (damage) {
        onDamage(damage);
        return undefined;
      }
      const view = new DataView(indexBytes.buffer);
      const sourceIndices = Int32Array.from({ length: cache.count }, (_, i) => view.getInt32(4 * i, true));
      return new DecodedCache(path, shape, sourceIndices);
    } finally {
      await handle.close();
    }
  }

  /**
   * Writes a cache from decoded chunks delivered by `produce` (in order; failures already
   * filtered out by the caller), atomically: a reader never sees a half-written cache.
   */
  static async write(
    path: string,
    key: CacheKey,
    shape: readonly [number, number, number],
    produce: (consume: (chunk: Decoded[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    await writeAtomically(path, async (handle) => {
      const kept: number[] = [];
      let position = HEADER_BYTES;
      await produce(async (chunk) => {
        const images = chunk.flatMap((item) => ('data' in item ? [item.data] : []));
        const bytes = Buffer.concat(images);
        await handle.write(bytes, 0, bytes.length, position);
        position += bytes.length;
        for (const item of chunk) if ('data' in item) kept.push(item.index);
      });
      const indexBytes = new Uint8Array(4 * kept.length);
      const view = new DataView(indexBytes.buffer);
      kept.forEach((index, i) => {
        view.setInt32(4 * i, index, true);
      });
      await handle.write(indexBytes, 0, indexBytes.length, position);
      const meta: CacheMeta = {
        format: 'bcos-decoded-cache',
        version: 2,
        key,
        shape: [...shape],
        count: kept.length,
        indexHash: sha256(indexBytes),
      };
      await handle.write(encodeHeader(CACHE_MAGIC, meta), 0, HEADER_BYTES, 0);
    });
  }

  /** The images at `indices` (positions in this cache), NHWC. */
  async read(indices: ArrayLike<number>): Promise<Uint8Array> {
    const imageBytes = this.shape[0] * this.shape[1] * this.shape[2];
    const out = new Uint8Array(indices.length * imageBytes);
    const handle = await openForReading(this.path);
    try {
      const reads = Array.from(indices, (index, i) => {
        const target = out.subarray(i * imageBytes, (i + 1) * imageBytes);
        return readInto(handle, target, HEADER_BYTES + index * imageBytes, this.path);
      });
      await Promise.all(reads);
    } finally {
      await handle.close();
    }
    return out;
  }
}
