import { join } from 'node:path';
import { writePicturePng } from '@bcos/backend/node';
import { type Explanations, isBcosExplanations } from '@bcos/gradcam';
import * as tf from '@tensorflow/tfjs-core';

/** The PNGs written for one image (names within their folder), by what they show. */
export interface ExplanationPictures {
  /** A CAM's heat map over the image (any CAM method; the gallery's name for it). */
  gradcam?: string;
  /** B-cos' colours of W(x) over the image. */
  bcos?: string;
  /** B-cos' contribution map alone (RGBA). */
  contributions?: string;
}

/**
 * Writes image `index`'s pictures of `found` drawn over `image` ([H, W, 3] in [0, 1]) into
 * `directory` as `<stem>-bcos.png` and `<stem>-contributions.png` (B-cos) or `<stem>-<method>.png`
 * (a CAM; '+' as 'p').
 */
export async function writeExplanationPictures(
  found: Explanations,
  index: number,
  image: tf.Tensor3D,
  directory: string,
  stem: string,
): Promise<ExplanationPictures> {
  if (!isBcosExplanations(found)) {
    const gradcam = `${stem}-${found.name.replaceAll('+', 'p')}.png`;
    await writePicturePng(join(directory, gradcam), found.picture(index, image));
    return { gradcam };
  }
  const [bcos, contributions] = [`${stem}-bcos.png`, `${stem}-contributions.png`];
  await writePicturePng(join(directory, bcos), found.colours(index, image));
  await writePicturePng(join(directory, contributions), found.contributionPicture(index));
  return { bcos, contributions };
}

/** Image `index` of a batch [N, H, W, C]. */
export function imageAt(images: tf.Tensor4D, index: number): tf.Tensor3D {
  return tf.tidy(() => tf.squeeze(tf.slice(images, index, 1), [0]) as tf.Tensor3D);
}
