export {
  EXPLAIN_METHOD_NAMES,
  EXPLAIN_METHODS,
  type ExplainMethodName,
  type ExplainOptions,
  explain,
  explainMethodClassName,
  explainMethodsFor,
  isExplainMethodName,
} from './engine/explain';
export { FinerCAM } from './engine/finer-cam';
export { FullGrad } from './engine/full-grad';
export {
  type CamComparison,
  type ComputeOptions,
  GradCAM,
  type GradCamOptions,
  type GradCamResult,
} from './engine/grad-cam';
export {
  type GradCamEachOptions,
  type GradCamLayersOptions,
  gradcam,
  gradcamEach,
  gradcamLayers,
} from './engine/gradcam';
export { type CamsAndLogits, MultiLayerCAM, type MultiLayerOptions } from './engine/multi-layer-cam';
export { RefineCAM } from './engine/refine-cam';
export {
  type BcosExplainer,
  type BcosExplainerOptions,
  type BcosExplanations,
  bcosExplainer,
  isBcosExplanations,
  isBcosModel,
} from './explainers/bcos-explainer';
export { type CamExplainerOptions, camExplainer } from './explainers/cam-explainer';
export {
  type Explainer,
  type ExplainerName,
  type Explanations,
  withExplanations,
} from './explainers/explainer';
export { type ExplainerOptions, explainer, explainerNames } from './explainers/explainers';
export type { PrepareInput } from './explainers/prepared-input';
export {
  type DffOptions,
  type DffResult,
  deepFeatureFactorization,
} from './factorization/deep-feature-factorization';
export { type NmfOptions, type NmfResult, nmf } from './factorization/nmf';
export type { Layer } from './graph/layer-types';
export { deprocessImage, guidedBackprop, guidedGradCam } from './guided/guided-backprop';
export type { CamContext, CamMethod } from './methods/cam-method';
export {
  CAM_METHODS,
  type CamMethodName,
  PYTORCH_METHOD_NAMES,
  type PytorchMethodName,
} from './methods/methods';
export { type ArccOptions, type ArccScores, arcc } from './metrics/arcc';
export { type ConfidenceChange, camMultImageConfidenceChange } from './metrics/cam-mult-image';
export type { Classifier } from './metrics/classifier';
export {
  type GridExplainer,
  gridPointingGame,
  type PointingGameOptions,
  pointingGameShares,
} from './metrics/grid-pointing-game';
export { maskLocalisation } from './metrics/mask-localisation';
export { type PointingGameGridOptions, pointingGameGrids } from './metrics/pointing-game-grids';
export { type RoadOptions, type RoadScores, roadScores } from './metrics/road';
export { tileGrid } from './metrics/tile-grid';
export type { ExplainableModel } from './model/as-cam-model';
export type { CamLayer, CamLayerInfo } from './model/cam-model';
export { type ListCamLayersOptions, listCamLayers } from './model/list-cam-layers';
export { COLORMAPS, type Colormap, colormapTable } from './overlay/colormaps';
export { type OverlayOptions, overlay } from './overlay/overlay';
export { type FinerOptions, finerTargets } from './targets/finer-targets';
export {
  binaryClassifierOutputTarget,
  classifierOutputReST,
  classifierOutputSoftmaxTarget,
  classifierOutputTarget,
  finerWeightedTarget,
  rawScoresOutputTarget,
} from './targets/target-functions';
export type { CamTargets, TargetFunction } from './targets/targets';
