import sharp from 'sharp';
import { DatasetFormatError } from '../errors';
import { readFileNamed } from '../read-file';
import { applyGeometry, type ImageGeometry } from './geometry';

export interface DecodeOptions extends ImageGeometry {
  /** 3 (RGB, default) or 1 (grey). */
  channels?: 1 | 3;
}

function decodeError(file: string, error: unknown): Error {
  if (error instanceof DatasetFormatError) return error;
  return new DatasetFormatError(file, undefined, `cannot decode the image (${(error as Error).message})`);
}

/** [height, width] of an encoded image after EXIF orientation, read from its header only. */
export async function encodedImageSize(bytes: Uint8Array, file: string): Promise<[number, number]> {
  try {
    const { autoOrient } = await sharp(bytes).metadata();
    return [autoOrient.height, autoOrient.width];
  } catch (error) {
    throw decodeError(file, error);
  }
}

/**
 * Decodes an encoded image (JPEG, PNG, WebP…) with sharp: EXIF orientation, centre crop, resize,
 * RGB or grey. The work runs on libuv's thread pool, off the JavaScript thread. Returns H×W×C bytes.
 */
export async function decodeImageBytes(
  bytes: Uint8Array,
  file: string,
  { channels = 3, ...geometry }: DecodeOptions = {},
): Promise<{ data: Uint8Array; height: number; width: number; channels: number }> {
  try {
    const needsSize = geometry.crop !== undefined;
    const size = needsSize ? await encodedImageSize(bytes, file) : [0, 0];
    let pipeline = applyGeometry(
      sharp(bytes, { autoOrient: true }),
      size as [number, number],
      geometry,
      file,
    );
    pipeline = pipeline.removeAlpha();
    pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), ...info };
  } catch (error) {
    throw decodeError(file, error);
  }
}

/** Reads and decodes one image file; see `decodeImageBytes`. */
export async function decodeImageFile(
  file: string,
  options: DecodeOptions = {},
): Promise<{ data: Uint8Array; height: number; width: number; channels: number }> {
  return decodeImageBytes(await readFileNamed(file), file, options);
}
