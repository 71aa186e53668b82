import type { ImageDataset } from '@bcos/datasets';
import { imageFolder } from '@bcos/datasets/node';
import { dataConfigSchema } from '../run/data-config';
import type { ModelInfo } from '../run/model-info';
import { FORMAT_SPLITS, hasSplit, readSplit } from '../run/read-split';

type Format = keyof typeof FORMAT_SPLITS;
type ModelImages = Pick<ModelInfo, 'imageShape' | 'classNames'>;

function isFormat(name: string): name is Format {
  return Object.hasOwn(FORMAT_SPLITS, name);
}

/** The reader options that give the images the model takes (and CelebA's label, the model's attribute). */
function shapedAsModel(spec: string, format: Format, { imageShape, classNames }: ModelImages) {
  const [height, width, channels] = imageShape;
  if (format === 'fashionMnist') {
    if (height !== width || height < 28)
      throw new Error(
        `--data ${spec}: the model takes ${height}×${width} images; Fashion-MNIST's 28×28 pad only to a larger square`,
      );
    return { padTo: height, channels };
  }
  if (format === 'celeba')
    // The second class of a CelebA model is its attribute; non-square inputs are the uncropped images.
    return { attribute: classNames[1], ...(height === width ? { size: height } : {}) };
  return {};
}

/**
 * One evaluation dataset for bcos-eval: `<format>:<dir>[:<split>]` (default split test), or a plain
 * directory of class folders. Fashion-MNIST is padded and CelebA resized to the model's input.
 */
export async function loadEvalDataset(spec: string, model: ModelImages): Promise<ImageDataset> {
  const [format = '', dir, split = 'test'] = spec.split(':');
  if (dir === undefined) return imageFolder(spec);
  if (!isFormat(format))
    throw new Error(
      `--data ${spec}: unknown format '${format}'; expected ${Object.keys(FORMAT_SPLITS).join(', ')}`,
    );
  if (format === 'imageFolder') return imageFolder(dir);
  if (!hasSplit(format, split))
    throw new Error(`--data ${spec}: split must be ${FORMAT_SPLITS[format].join(' or ')}, got '${split}'`);
  return readSplit(dataConfigSchema.parse({ format, dir, ...shapedAsModel(spec, format, model) }), split);
}
