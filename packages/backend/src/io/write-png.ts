import { writeFileAtomic } from './atomic-write';
import { encodePng, type RawImage, tensorToImage } from './png';

/** Writes a PNG atomically. */
export async function writePng(path: string, image: RawImage): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}

/**
 * Writes a picture made only to be written (an [H, W, C] tensor, read as `tensorToImage` does) as a
 * PNG atomically, and disposes it, also when writing fails.
 */
export async function writePicturePng(
  path: string,
  picture: Parameters<typeof tensorToImage>[0] & { dispose(): void },
): Promise<void> {
  try {
    await writePng(path, await tensorToImage(picture));
  } finally {
    picture.dispose();
  }
}
