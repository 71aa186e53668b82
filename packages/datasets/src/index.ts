export { extractArchive } from './archive/extract';
export { readTar, type TarEntry } from './archive/tar-reader';
export { ChecksumError } from './download/checksum';
export {
  type DownloadOptions,
  type DownloadResult,
  download,
  ManualDownloadError,
} from './download/download';
export type { ProgressMode } from './download/progress';
export { DATASET_SOURCES, type DatasetId, type DatasetSource, type RemoteFile } from './download/sources';
export { DatasetFormatError } from './errors';
export { CELEBA_ATTRIBUTES, type CelebaAttribute } from './formats/celeba/attribute-names';
export {
  CELEBA_FILES,
  CELEBA_KAGGLE_FILES,
  type CelebaDataset,
  type CelebaOptions,
  celeba,
} from './formats/celeba/celeba';
export type { CelebaSplit } from './formats/celeba/celeba-tables';
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
export { SHAPE_CLASSES } from './generate/shape-classes';
export {
  type GeneratedShapes,
  type GenerateShapesOptions,
  generateShapes,
  SHAPES_MASK_FOLDER,
} from './generate/shapes';
export { type DecodeOptions, decodeImageFile } from './images/decode';
export type { FileImageDataset, FileImagesOptions } from './images/file-dataset';
export type { ImageGeometry, Size } from './images/geometry';
export { type MaskFile, type Masks, openMasks, writeMasks } from './masks';
export { MemoryDataset, type MemoryDatasetInit } from './memory-dataset';
export { permutation } from './random';
export type { Batch, BatchOptions, ImageDataset } from './types';
export { split, subset, take } from './views';
