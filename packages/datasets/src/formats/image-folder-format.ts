import { z } from 'zod';
import { datasetFormat } from './dataset-format';
import { imageFolder } from './image-folder';

const side = z.number().int().positive();

export const imageFolderFormat = datasetFormat({
  splits: ['train'],
  options: {
    /** Resize every image to [height, width]. */
    imageSize: z.tuple([side, side]).optional(),
  },
  read: (dir, _split, { imageSize }) =>
    imageFolder(dir, imageSize ? { size: { height: imageSize[0], width: imageSize[1] } } : {}),
});
