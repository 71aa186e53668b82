/** @bcos/resnet/node: what reads or writes files, besides the main entry (which runs in browsers too). */

export { modelClassNames } from './class-names';
export {
  type ConvertedModelMetadata,
  type ConvertOptions,
  type ConvertResult,
  convertCheckpoint,
} from './convert-checkpoint';
export { readSafetensors } from './read-safetensors';
