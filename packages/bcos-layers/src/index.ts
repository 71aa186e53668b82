export { BcosConv2d, type BcosConv2dArgs, bcosConv2d } from './bcos/bcos-conv2d';
export { type BcosTransform, bcosConv2dOp } from './bcos/bcos-conv2d-op';
export { BcosDense, type BcosDenseArgs, bcosDense } from './bcos/bcos-dense';
export { bcosDenseOp } from './bcos/bcos-dense-op';
export type { ConvGeometry } from './bcos/conv-geometry';
export { patchNorms } from './bcos/patch-norms';
export { AddInverse, addInverse } from './encoding/add-inverse';
export { encodeImage } from './encoding/encode-image';
export { compositeOver } from './explain/composite-over';
export {
  type ContributionPictureOptions,
  contributionMapPicture,
} from './explain/contribution-map-picture';
export { type ExplainOptions, type Explanation, explain } from './explain/explain';
export { explanationToRgba, type RgbaOptions } from './explain/explanation-to-rgba';
export { rowPercentile } from './explain/percentile';
export {
  type ExplanationSwitch,
  explanationMode,
  explanationSwitches,
  isExplanationSwitch,
  withExplanationMode,
} from './explanation-mode';
export { LogitLayer, type LogitLayerArgs, logitLayer } from './logit-layer';
export { BatchNorm2d, batchNorm2d } from './norms/batch-norm-2d';
export {
  GroupNorm2d,
  type GroupNormArgs,
  groupNorm2d,
  LayerNorm2d,
  layerNorm2d,
} from './norms/group-norm-2d';
export type { NormArgs } from './norms/norm-options';
export { Norm2d } from './norms/norm2d';
export { PositionNorm2d, positionNorm2d } from './norms/position-norm-2d';
export { stopGradient } from './stop-gradient';
