import { join } from 'node:path';
import type { CelebaSplit } from '@bcos/datasets';
import { type CelebaDataset, celeba, FACE_MASK_FILE, generateFaces, openMasks } from '@bcos/datasets/node';
import type { DataSource } from '@bcos/example-shared';

/** Faces are drawn at this size (a third of CelebA's 178×218, plenty for 32-pixel inputs) and cropped square. */
const DRAWN = { width: 64, height: 78 } as const;

export interface FaceCounts {
  train: number;
  val: number;
  test: number;
}

export interface DemoFaces {
  train: CelebaDataset;
  val: CelebaDataset;
  test: CelebaDataset;
  /** Masks (0/1, [N·H·W]) of the pixels that carry `Male` — hair, beard, moustache — for test images. */
  testMasks(indices: readonly number[]): Promise<Uint8Array>;
}

/** Writes the faces (CelebA format, with masks) into `dir`. */
export async function generateDemoFaces(dir: string, counts: FaceCounts, seed: number): Promise<void> {
  await generateFaces({
    dir,
    n: counts.train + counts.val + counts.test,
    seed,
    size: DRAWN,
    partition: [counts.train, counts.val, counts.test],
  });
}

/** The faces in `dir` as the models see them: the drawn square, resized to `size`×`size`, label Male. */
export function demoFacesSource(dir: string, size: number): Extract<DataSource, { format: 'celeba' }> {
  return { format: 'celeba', dir, attribute: 'Male', crop: DRAWN.width, size };
}

/** Reads the generated faces as the models see them, and the test images' masks. */
export async function readDemoFaces(dir: string, size: number): Promise<DemoFaces> {
  const { attribute, crop, size: side } = demoFacesSource(dir, size);
  const geometry = { crop, size: side };
  const read = (split: CelebaSplit) => celeba(dir, { split, attribute, ...geometry });
  const [train, val, test] = [await read('train'), await read('valid'), await read('test')];
  const masks = await openMasks(join(dir, FACE_MASK_FILE));
  return {
    train,
    val,
    test,
    testMasks: (indices) =>
      masks.get(
        Int32Array.from(indices, (i) => test.rows[i]!),
        geometry,
      ),
  };
}
