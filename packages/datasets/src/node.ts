/**
 * @bcos/datasets/node: the readers of files and folders (sharp decodes images), downloads, archives
 * and generated datasets written to disk, besides the main entry (which runs in browsers too).
 */
export { extractArchive } from './archive/extract';
export { ChecksumError } from './download/checksum';
export {
  type DownloadOptions,
  type DownloadResult,
  download,
  ManualDownloadError,
} from './download/download';
export {
  CELEBA_FILES,
  CELEBA_KAGGLE_FILES,
  type CelebaDataset,
  type CelebaOptions,
  celeba,
} from './formats/celeba/celeba';
export { type Cifar100Options, type CifarSplit, cifar10, cifar100 } from './formats/cifar/cifar';
export {
  type DatasetFormat,
  datasetFormat,
  type FormatOptions,
  type ModelImages,
  type SplitName,
} from './formats/dataset-format';
export {
  DATASET_FORMATS,
  type DatasetFormatName,
  type DatasetSpec,
  formatOptionsFor,
  formatSplits,
  hasSplit,
  isDatasetFormatName,
  readDatasetSplit,
} from './formats/dataset-formats';
export {
  FASHION_MNIST_CLASSES,
  type FashionMnistOptions,
  fashionMnist,
  type IdxOptions,
  idx,
} from './formats/idx/idx';
export { type IdxArray, parseIdx, readIdxFile } from './formats/idx/idx-format';
export { type ImageFolderOptions, imageFolder } from './formats/image-folder';
export {
  FACE_MASK_FILE,
  type GeneratedFaces,
  type GenerateFacesOptions,
  generateFaces,
} from './generate/faces';
export {
  type GeneratedShapes,
  type GenerateShapesOptions,
  generateShapes,
  SHAPES_MASK_FOLDER,
} from './generate/shapes';
export { type DecodeOptions, decodeImageFile } from './images/decode';
export type { FileImageDataset, FileImagesOptions } from './images/file-dataset';
export { type MaskFile, type Masks, openMasks, writeMasks } from './masks';
