import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import sharp from 'sharp';
import { CELEBA_ATTRIBUTES, type CelebaAttribute } from '../formats/celeba/attribute-names';
import { CELEBA_FILES, CELEBA_KAGGLE_FILES } from '../formats/celeba/celeba-layout';
import { type Size, sizeOf } from '../images/geometry';
import { writeMasks } from '../masks';
import { Limiter } from '../pipeline/limiter';
import { createRandom } from '../random';
import { drawFace, type FaceTraits, randomTraits } from './face-drawing';

export const FACE_MASK_FILE = 'masks/male_evidence.bcosmask';

export interface GenerateFacesOptions {
  dir: string;
  n: number;
  seed?: number;
  /** Image size; default 178 × 218 like img_align_celeba. */
  size?: Size;
  /** Fractions of train / valid / test (contiguous, as in list_eval_partition.txt). Default [0.8, 0.1, 0.1]. */
  partition?: readonly [number, number, number];
  /** JPEG quality (default 90). */
  quality?: number;
  /**
   * 'official' (default): .txt tables, images in img_align_celeba/; 'kaggle': .csv tables, images in
   * img_align_celeba/img_align_celeba/, as Kaggle's archive.zip holds them. Same images and records.
   */
  layout?: 'official' | 'kaggle';
}

export interface GeneratedFaces {
  /** Pass to `celeba()`. */
  dir: string;
  /** Masks of hair, beard and moustache, in list_attr_celeba.txt order (index with `CelebaDataset.rows`). */
  masks: string;
  counts: { train: number; valid: number; test: number };
}

function attributeValues(traits: FaceTraits): Record<CelebaAttribute, -1 | 1> {
  const values = Object.fromEntries(CELEBA_ATTRIBUTES.map((name) => [name, -1])) as Record<
    CelebaAttribute,
    -1 | 1
  >;
  const set = (name: CelebaAttribute, on: boolean) => {
    values[name] = on ? 1 : -1;
  };
  set('Male', traits.male);
  set('Bald', traits.bald);
  set('Mustache', traits.moustache);
  set('No_Beard', !traits.beard);
  set('Eyeglasses', traits.glasses);
  set('Smiling', traits.smiling);
  set('Mouth_Slightly_Open', traits.smiling);
  set('Pale_Skin', traits.paleSkin);
  set('Young', traits.young);
  const hairAttribute = {
    black: 'Black_Hair',
    brown: 'Brown_Hair',
    blond: 'Blond_Hair',
    gray: 'Gray_Hair',
  } as const;
  if (!traits.bald) set(hairAttribute[traits.hair], true);
  return values;
}

export function celebaImageId(index: number): string {
  return `${String(index + 1).padStart(6, '0')}.jpg`;
}

function attributeLine(id: string, traits: FaceTraits, layout: FaceLayout): string {
  const values = attributeValues(traits);
  if (layout === 'kaggle') return [id, ...CELEBA_ATTRIBUTES.map((name) => values[name])].join(',');
  return `${id} ${CELEBA_ATTRIBUTES.map((name) => String(values[name]).padStart(2)).join(' ')}`;
}

type FaceLayout = NonNullable<GenerateFacesOptions['layout']>;

/** Where each layout keeps its images and tables, and how it writes them. */
function layoutFiles(dir: string, layout: FaceLayout, n: number) {
  if (layout === 'kaggle') {
    const images = CELEBA_KAGGLE_FILES.images;
    return {
      imageDir: join(dir, images, images),
      attributes: join(dir, CELEBA_KAGGLE_FILES.attributes),
      partition: join(dir, CELEBA_KAGGLE_FILES.partition),
      attributeHeader: `image_id,${CELEBA_ATTRIBUTES.join(',')}\n`,
      partitionHeader: 'image_id,partition\n',
      separator: ',',
    };
  }
  return {
    imageDir: join(dir, CELEBA_FILES.images),
    attributes: join(dir, CELEBA_FILES.attributes),
    partition: join(dir, CELEBA_FILES.partition),
    attributeHeader: `${n}\n${CELEBA_ATTRIBUTES.join(' ')} \n`,
    partitionHeader: '',
    separator: ' ',
  };
}

function partitionCounts(n: number, fractions: readonly [number, number, number]) {
  const total = fractions[0] + fractions[1] + fractions[2];
  if (fractions.some((f) => !(f >= 0)) || !(total > 0))
    throw new Error(`generateFaces: bad partition [${fractions.join(', ')}]`);
  const train = Math.round((n * fractions[0]) / total);
  const valid = Math.round((n * fractions[1]) / total);
  return { train, valid, test: n - train - valid };
}

/**
 * Writes a CelebA-format dataset of drawn faces: img_align_celeba/*.jpg, list_attr_celeba.txt (all
 * 40 attributes), list_eval_partition.txt, and a mask file of the pixels that carry `Male` (hair
 * shape, beard, moustache) while skin, hair colour, glasses, smile, pose, light and background vary
 * independently. The same seed gives the same files; face i depends only on (seed, i).
 */
export async function generateFaces(options: GenerateFacesOptions): Promise<GeneratedFaces> {
  const {
    dir,
    n,
    seed = 0,
    size = { width: 178, height: 218 },
    partition = [0.8, 0.1, 0.1],
    quality = 90,
    layout = 'official',
  } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`generateFaces: n must be a positive integer, got ${n}`);
  const { width, height } = sizeOf(size, 'generateFaces: size');
  const counts = partitionCounts(n, partition);
  const files = layoutFiles(dir, layout, n);
  const masks = new Uint8Array(n * width * height);
  const attributeLines: string[] = [];
  const partitionLines: string[] = [];
  const encoder = new Limiter(4);
  const writes: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const random = createRandom(seed, i);
    const traits = randomTraits(random);
    const { pixels, mask } = drawFace(random, traits, width, height);
    const id = celebaImageId(i);
    masks.set(mask, i * width * height);
    attributeLines.push(attributeLine(id, traits, layout));
    const split = i < counts.train ? 0 : i < counts.train + counts.valid ? 1 : 2;
    partitionLines.push(`${id}${files.separator}${split}`);
    const path = join(files.imageDir, id);
    writes.push(
      encoder.run(async () =>
        writeFileAtomic(
          path,
          await sharp(pixels, { raw: { width, height, channels: 3 } })
            .jpeg({ quality })
            .toBuffer(),
        ),
      ),
    );
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  await writeFileAtomic(files.attributes, `${files.attributeHeader}${attributeLines.join('\n')}\n`);
  await writeFileAtomic(files.partition, `${files.partitionHeader}${partitionLines.join('\n')}\n`);
  const description = 'pixels of hair, beard and moustache: the features that carry Male';
  await writeMasks(join(dir, FACE_MASK_FILE), { height, width, data: masks, description });
  return { dir, masks: join(dir, FACE_MASK_FILE), counts };
}
