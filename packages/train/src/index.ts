export type { EarlyStoppingOptions } from './callbacks/early-stopping';
export type { MonitorOptions } from './callbacks/monitor';
export { loadTrainedModel } from './cli/load-model';
export { pipelineFor } from './cli/model-input';
export { Progress, type ProgressOptions, type ProgressStream } from './logging/progress';
export { type EpochRecord, PHASES, type Phase } from './loop/epoch-record';
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
export { withSeededRandom } from './loop/seeded-init';
export { type TrainResult, train } from './loop/train';
export type { StepInfo, TrainCallbacks, TrainData, TrainOptions } from './loop/train-options';
export { defaultLoss, type LossName } from './losses/loss';
export type { PhaseMetrics } from './metrics/metric-totals';
export { Adam, type AdamOptions } from './optim/adam';
export type { OptimizerConfig } from './optim/create-optimizer';
export type { ClipConfig } from './optim/gradient-clipping';
export { Sgd, type SgdOptions } from './optim/sgd';
export type { GradcamChoice } from './report/gallery';
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
export type { ScheduleConfig } from './schedules/create-schedule';
export { type ExponentialOptions, exponential } from './schedules/exponential';
export { type MultiStepOptions, multiStep } from './schedules/multi-step';
export { type OneCycleOptions, oneCycle } from './schedules/one-cycle';
export { type ReduceOnPlateauOptions, reduceLROnPlateau } from './schedules/reduce-on-plateau';
export type { LrSchedule, MetricValues, ScheduleContext, ScheduleInterval } from './schedules/schedule';
export { type StepOptions, step } from './schedules/step';
export { type WarmupOptions, withWarmup } from './schedules/warmup';
