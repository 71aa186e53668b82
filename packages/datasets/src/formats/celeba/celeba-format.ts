import { z } from 'zod';
import { datasetFormat } from '../dataset-format';
import { celeba } from './celeba';

const side = z.number().int().positive();

export const celebaFormat = datasetFormat({
  splits: ['train', 'valid', 'test'],
  options: {
    /** The attribute that is the label (default Male). */
    attribute: z.string().optional(),
    /** Side of the centred square cut from the aligned images first (178: as wide as they are). */
    crop: side.optional(),
    /** Side the (cropped) images are resized to. */
    size: side.optional(),
    /** Folder of the decoded-image cache (one file per split). */
    cache: z.string().optional(),
  },
  read: (dir, split, { attribute, crop, size, cache }) =>
    celeba(dir, { split, attribute, crop, size, cache }),
  // The second class of a CelebA model is its attribute; non-square inputs are the uncropped images.
  optionsFor: ({ imageShape: [height, width], classNames }) => ({
    attribute: classNames[1],
    ...(height === width ? { size: height } : {}),
  }),
});
