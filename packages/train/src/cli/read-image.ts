import { existsSync } from 'node:fs';
import sharp from 'sharp';

/** An image file decoded, resized (cover) to the model's [height, width] and given its channel count. */
export async function readImageFor(
  path: string,
  [height, width, channels]: readonly [number, number, number],
): Promise<Uint8Array> {
  if (!existsSync(path)) throw new Error(`--image ${path}: file not found`);
  let image = sharp(path).resize(width, height, { fit: 'cover' }).removeAlpha();
  image = channels === 1 ? image.greyscale() : image.toColourspace('srgb');
  try {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels)
      throw new Error(`decoded to ${info.channels} channels, the model takes ${channels}`);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new Error(`--image ${path}: cannot decode: ${(error as Error).message}`);
  }
}
