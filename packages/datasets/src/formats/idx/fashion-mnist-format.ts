import { z } from 'zod';
import { datasetFormat } from '../dataset-format';
import { fashionMnist } from './idx';

export const fashionMnistFormat = datasetFormat({
  splits: ['train', 'test'],
  options: {
    /** Zero-pad the 28×28 images, centred, to padTo × padTo (32 for the CIFAR models). */
    padTo: z.number().int().min(28).optional(),
    /** 3: repeat the grey value into RGB. */
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
  },
  read: (dir, split, { padTo, channels }) => fashionMnist(dir, { split, padTo, channels }),
  optionsFor: ({ imageShape: [height, width, channels] }) => {
    if (height !== width || height < 28)
      throw new Error(
        `the model takes ${height}×${width} images; Fashion-MNIST's 28×28 pad only to a larger square`,
      );
    if (channels !== 1 && channels !== 3)
      throw new Error(`the model takes ${channels} channels; Fashion-MNIST gives 1 or 3`);
    const repeated: 1 | 3 = channels === 1 ? 1 : 3;
    return { padTo: height, channels: repeated };
  },
});
