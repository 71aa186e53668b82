import { writeFileAtomic } from './atomic-write';
import { encodePng, type RawImage } from './png';

/** Writes a PNG atomically. */
export async function writePng(path: string, image: RawImage): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}
