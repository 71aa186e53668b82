export { STEMS, type Stem, TOTAL_STRIDE } from './arguments';
export { BCOS_NORMS, type BcosNorm, type BcosNormKind } from './bcos-norm';
export { type BcosResnet18Options, bcosResnet18 } from './bcos-resnet18';
export { ARCHITECTURES, type Architecture } from './checkpoint-architecture';
export {
  type LoadTorchWeightsOptions,
  type LoadTorchWeightsResult,
  loadTorchWeights,
} from './load-torch-weights';
export { PLAIN_NORMS, type PlainNorm } from './plain-norm';
export { type Resnet18Options, resnet18 } from './resnet18';
export { parseSafetensors, type Safetensors, type SafetensorsEntry } from './safetensors';
export { type ModelSummary, type SummaryRow, summary } from './summary';
export { TORCH_MAPPINGS, type TorchMapping, type TorchMappingName } from './torch-mapping';
