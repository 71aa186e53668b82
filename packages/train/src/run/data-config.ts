import { z } from 'zod';

const count = z.number().int().positive();

/** What every format takes besides its own options: the folder, the validation share and the limits. */
const splits = {
  dir: z.string(),
  /** Images of the training split held out for validation (default 10 %), unless the dataset has its own validation split. */
  valFraction: z.number().min(0).lt(1).default(0.1),
  /** Use only the first N training / validation / test images (quick runs). */
  trainLimit: count.optional(),
  valLimit: count.optional(),
  testLimit: count.optional(),
};

/** The `data` section of a run config: a format with its own options, the folder, the validation share and limits. */
export const dataConfigSchema = z.discriminatedUnion('format', [
  z.strictObject({ format: z.enum(['cifar10', 'cifar100']), ...splits }),
  z.strictObject({
    format: z.literal('fashionMnist'),
    ...splits,
    /** Zero-pad the 28×28 images, centred, to padTo × padTo (32 for the CIFAR models). */
    padTo: z.number().int().min(28).optional(),
    /** 3: repeat the grey value into RGB. */
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
  }),
  z.strictObject({
    format: z.literal('celeba'),
    ...splits,
    /** The attribute that is the label (default Male). */
    attribute: z.string().optional(),
    /** Side of the centred square cut from the aligned images first (178: as wide as they are). */
    crop: count.optional(),
    /** Side the (cropped) images are resized to. */
    size: count.optional(),
    /** Folder of the decoded-image cache (one file per split). */
    cache: z.string().optional(),
  }),
  z.strictObject({
    format: z.literal('imageFolder'),
    ...splits,
    /** Resize every image to [height, width]. */
    imageSize: z.tuple([count, count]).optional(),
  }),
]);

export type DataConfig = z.infer<typeof dataConfigSchema>;
