// @bcos/train/internal: the training loop's parts, for this repository's examples, benchmarks and
// tests. Not covered by semver: the public API is @bcos/train (its README).
export { type BestModelState, BestModelTracker } from './callbacks/best-model';
export { EarlyStopping, type EarlyStoppingState } from './callbacks/early-stopping';
export { CheckpointStore } from './checkpoint/checkpoint-store';
export { loadWeightsInto, saveModel } from './checkpoint/model-weights';
export { JsonlLog } from './logging/jsonl-log';
export { metricValues } from './loop/epoch-record';
export type { RunState } from './loop/run-state';
export { binaryCrossEntropy } from './losses/bce';
export { crossEntropy } from './losses/crossentropy';
export { LOSSES, type LossFunction, lossFunction } from './losses/loss';
export { DeviceMetrics, type RunningValues } from './metrics/device-metrics';
export { emptyTotals, type MetricTotals, summarise } from './metrics/metric-totals';
export { type AdaptiveClipOptions, adaptiveClip } from './optim/adaptive-clip';
export { clipByGlobalNorm } from './optim/clip-global-norm';
export { createOptimizer, OPTIMIZER_NAMES } from './optim/create-optimizer';
export { clipGradients } from './optim/gradient-clipping';
export { l2Penalty } from './optim/l2-penalty';
export { SlottedOptimizer } from './optim/slotted-optimizer';
export { confusionSpec, curveSpec, learningRateSpec, perClassSpec } from './report/chart-specs';
export type { GalleryItem } from './report/gallery';
export { type ChartFiles, renderChart } from './report/render-chart';
export { createSchedule, SCHEDULE_NAMES } from './schedules/create-schedule';
