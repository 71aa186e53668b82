export { type BestModelState, BestModelTracker } from './callbacks/best-model';
export {
  EarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
} from './callbacks/early-stopping';
export type { MonitorOptions } from './callbacks/monitor';
export { CheckpointStore } from './checkpoint/checkpoint-store';
export { loadWeightsInto, saveModel } from './checkpoint/model-weights';
export { loadTrainedModel } from './cli/load-model';
export { pipelineFor } from './cli/model-input';
export { JsonlLog } from './logging/jsonl-log';
export { Progress, type ProgressOptions, type ProgressStream } from './logging/progress';
export { type EpochRecord, metricValues, PHASES, type Phase } from './loop/epoch-record';
export { type EvaluateOptions, type Evaluation, evaluate } from './loop/evaluate';
export {
  detectEncoding,
  type InputEncoding,
  InputPipeline,
  type InputPipelineOptions,
} from './loop/input-pipeline';
export {
  type CheckpointHealth,
  NonFiniteLossError,
  type NonFiniteQuantity,
} from './loop/non-finite-loss-error';
export { type Predictions, probabilities } from './loop/predictions';
export type { RunState } from './loop/run-state';
export { withSeededRandom } from './loop/seeded-init';
export { type TrainResult, train } from './loop/train';
export type { StepInfo, TrainCallbacks, TrainData, TrainOptions } from './loop/train-options';
export { binaryCrossEntropy } from './losses/bce';
export { crossEntropy } from './losses/crossentropy';
export { defaultLoss, LOSSES, type LossFunction, type LossName, lossFunction } from './losses/loss';
export { DeviceMetrics, type RunningValues } from './metrics/device-metrics';
export { emptyTotals, type MetricTotals, type PhaseMetrics, summarise } from './metrics/metric-totals';
export { Adam, type AdamOptions } from './optim/adam';
export { type AdaptiveClipOptions, adaptiveClip } from './optim/adaptive-clip';
export { clipByGlobalNorm } from './optim/clip-global-norm';
export { createOptimizer, OPTIMIZER_NAMES, type OptimizerConfig } from './optim/create-optimizer';
export { type ClipConfig, clipGradients } from './optim/gradient-clipping';
export { l2Penalty } from './optim/l2-penalty';
export { Sgd, type SgdOptions } from './optim/sgd';
export { SlottedOptimizer } from './optim/slotted-optimizer';
export { confusionSpec, curveSpec, learningRateSpec, perClassSpec } from './report/chart-specs';
export type { GalleryItem, GradcamChoice } from './report/gallery';
export { type ChartFiles, renderChart } from './report/render-chart';
export { type ReportOptions, writeReport } from './report/write-report';
export { buildModel } from './run/build-model';
export { parseRunConfig, type RunConfig, runConfigSchema } from './run/config-schema';
export type { DataConfig } from './run/data-config';
export { type LoadedData, loadDatasets } from './run/load-datasets';
export { type ModelInfo, readModelInfo, writeModelInfo } from './run/model-info';
export { type RunConfigOverrides, readRunConfig } from './run/read-run-config';
export {
  type RunPaths,
  type RunTrainingOptions,
  type RunTrainingResult,
  runTraining,
} from './run/run-training';
export { constant } from './schedules/constant';
export { type CosineOptions, cosine } from './schedules/cosine';
export { createSchedule, SCHEDULE_NAMES, type ScheduleConfig } from './schedules/create-schedule';
export { type ExponentialOptions, exponential } from './schedules/exponential';
export { type MultiStepOptions, multiStep } from './schedules/multi-step';
export { type OneCycleOptions, oneCycle } from './schedules/one-cycle';
export { type ReduceOnPlateauOptions, reduceLROnPlateau } from './schedules/reduce-on-plateau';
export type { LrSchedule, MetricValues, ScheduleContext, ScheduleInterval } from './schedules/schedule';
export { type StepOptions, step } from './schedules/step';
export { type WarmupOptions, withWarmup } from './schedules/warmup';
