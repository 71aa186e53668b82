import { writeFileAtomic } from '@bcos/backend/node';
import sharp from 'sharp';
import { encodeHeader, HEADER_BYTES, openForReading, readFileHeader, readInto } from './binary/headered-file';
import { checkIndices } from './check-indices';
import { DatasetFormatError } from './errors';
import { applyGeometry, geometryShape, type ImageGeometry } from './images/geometry';

const MASK_MAGIC = 'BCOSMASK';

interface MaskMeta {
  format: 'bcos-masks';
  version: 1;
  count: number;
  height: number;
  width: number;
  description: string;
}

export interface Masks {
  height: number;
  width: number;
  /** count × height × width values, 1 inside the region, 0 outside. */
  data: Uint8Array;
  /** What the masks mark, e.g. "pixels of the class-bearing object". */
  description: string;
}

/**
 * Writes per-image binary masks (the ground truth that explanations are scored against) in our
 * mask file format: a 4 KiB header naming count, height, width and meaning, then the bytes.
 */
export async function writeMasks(path: string, masks: Masks): Promise<void> {
  const { height, width, data, description } = masks;
  const count = data.length / (height * width);
  if (!Number.isInteger(count))
    throw new Error(`writeMasks: ${data.length} bytes is not a whole number of ${height}×${width} masks`);
  const meta: MaskMeta = { format: 'bcos-masks', version: 1, count, height, width, description };
  await writeFileAtomic(path, Buffer.concat([encodeHeader(MASK_MAGIC, meta), data]));
}

function checkMeta(meta: unknown, fileBytes: number, path: string): MaskMeta {
  const m = meta as Partial<MaskMeta> | null;
  const dims = [m?.count, m?.height, m?.width];
  if (m?.format !== 'bcos-masks' || !dims.every((d) => Number.isInteger(d) && d! >= 0)) {
    throw new DatasetFormatError(
      path,
      'header',
      'not a mask file description (format, count, height, width)',
    );
  }
  const expected = HEADER_BYTES + m.count! * m.height! * m.width!;
  if (fileBytes !== expected) {
    throw new DatasetFormatError(
      path,
      undefined,
      `${fileBytes} bytes, ${m.count} masks of ${m.height}×${m.width} take ${expected}`,
    );
  }
  return m as MaskMeta;
}

async function resizeMask(
  mask: Uint8Array,
  [height, width]: [number, number],
  geometry: ImageGeometry,
  path: string,
) {
  const scaled = Uint8Array.from(mask, (v) => v * 255);
  const pipeline = applyGeometry(
    sharp(scaled, { raw: { width, height, channels: 1 } }),
    [height, width],
    geometry,
    path,
  );
  const data = await pipeline.extractChannel(0).raw().toBuffer();
  return Uint8Array.from(data, (v) => (v >= 128 ? 1 : 0));
}

/** A mask file opened for random access. */
export class MaskFile {
  private constructor(
    readonly path: string,
    private readonly meta: MaskMeta,
  ) {}

  static async open(path: string): Promise<MaskFile> {
    const { meta, fileBytes } = await readFileHeader(path, MASK_MAGIC);
    return new MaskFile(path, checkMeta(meta, fileBytes, path));
  }

  get count(): number {
    return this.meta.count;
  }
  get height(): number {
    return this.meta.height;
  }
  get width(): number {
    return this.meta.width;
  }
  get description(): string {
    return this.meta.description;
  }

  /**
   * The masks at `indices`, N×H×W of 0/1. With a geometry (the crop and size the images were
   * read with), each mask is cropped and resized the same way, so it lines up with its image.
   */
  async get(indices: ArrayLike<number>, geometry: ImageGeometry = {}): Promise<Uint8Array> {
    checkIndices(this.path, this.count, indices);
    const raw = await this.readRaw(indices);
    const [outHeight, outWidth] = geometryShape(geometry) ?? [this.height, this.width];
    if (outHeight === this.height && outWidth === this.width && geometry.crop === undefined) return raw;
    const pixels = this.height * this.width;
    const out = new Uint8Array(indices.length * outHeight * outWidth);
    for (let i = 0; i < indices.length; i++) {
      const mask = raw.subarray(i * pixels, (i + 1) * pixels);
      out.set(
        await resizeMask(mask, [this.height, this.width], geometry, this.path),
        i * outHeight * outWidth,
      );
    }
    return out;
  }

  private async readRaw(indices: ArrayLike<number>): Promise<Uint8Array> {
    const pixels = this.height * this.width;
    const out = new Uint8Array(indices.length * pixels);
    const handle = await openForReading(this.path);
    try {
      for (let i = 0; i < indices.length; i++) {
        const target = out.subarray(i * pixels, (i + 1) * pixels);
        await readInto(handle, target, HEADER_BYTES + indices[i]! * pixels, this.path);
        const bad = target.findIndex((v) => v > 1);
        if (bad >= 0)
          throw new DatasetFormatError(
            this.path,
            `mask ${indices[i]}, pixel ${bad}`,
            `value ${target[bad]} is not 0 or 1`,
          );
      }
    } finally {
      await handle.close();
    }
    return out;
  }
}

/** Opens a mask file written by `writeMasks` (e.g. by `generateShapes` / `generateFaces`). */
export function openMasks(path: string): Promise<MaskFile> {
  return MaskFile.open(path);
}
