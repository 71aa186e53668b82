import type { ImageDataset } from '@bcos/datasets';
import {
  DATASET_FORMATS,
  type DatasetSpec,
  formatOptionsFor,
  formatSplits,
  hasSplit,
  imageFolder,
  isDatasetFormatName,
  type ModelImages,
  readDatasetSplit,
} from '@bcos/datasets/node';

/** The reader options that give the images the model takes (and CelebA's label, the model's attribute). */
function optionsForModel(spec: string, format: DatasetSpec['format'], model: ModelImages) {
  try {
    return formatOptionsFor(format, model);
  } catch (error) {
    throw new Error(`--data ${spec}: ${(error as Error).message}`);
  }
}

/**
 * One evaluation dataset for bcos-eval: `<format>:<dir>[:<split>]` (default split test, or the
 * format's only split), or a plain directory of class folders. Each format reads the images the
 * model takes (Fashion-MNIST padded, CelebA resized).
 */
export async function loadEvalDataset(spec: string, model: ModelImages): Promise<ImageDataset> {
  const [format = '', dir, requested] = spec.split(':');
  if (dir === undefined) return imageFolder(spec);
  if (!isDatasetFormatName(format))
    throw new Error(
      `--data ${spec}: unknown format '${format}'; expected ${Object.keys(DATASET_FORMATS).join(', ')}`,
    );
  const splits = formatSplits(format);
  const split = requested ?? (splits.length === 1 ? splits[0]! : 'test');
  if (!hasSplit(format, split))
    throw new Error(`--data ${spec}: split must be ${splits.join(' or ')}, got '${split}'`);
  const options = optionsForModel(spec, format, model);
  return readDatasetSplit({ format, dir, ...options } as DatasetSpec, split);
}
