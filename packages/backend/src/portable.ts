/** Everything @bcos/backend's main entry offers in Node and in a browser alike (index.ts adds initBackend). */
import './gradients';

export {
  argumentError,
  boolean,
  describeValue,
  finiteNumber,
  integer,
  integerAtLeast,
  nonNegativeInteger,
  numberAtLeast,
  oneOf,
  optionsObject,
  positiveInteger,
  positiveIntegerPair,
  positiveNumber,
  probability,
} from './arguments/check-arguments';
export { type InitBackendOptions, NoBackendError } from './backend-selection';
export { type AdapterDescription, describeAdapter, isSoftwareAdapter } from './backends/adapter';
export { BACKEND_ORDER, type BackendInfo, type BackendName, BackendUnavailableError } from './backends/types';
export {
  type CaptureOptions,
  type CaptureStats,
  captureStep,
  type StepCapture,
  type StepFunction,
  type StepMode,
} from './capture/step-capture';
export { FileAccessError, fileError, withFilePath } from './io/file-errors';
export { encodePng, type RawImage, tensorToImage } from './io/png';
export { PROJECT_KERNELS, registerProjectKernels, useStockKernels } from './kernels/register';
export { stockKernel } from './kernels/stock-kernels';
export {
  type BatchNormTrainingOptions,
  type BatchNormTrainingResult,
  batchNormTraining,
} from './norms/batch-norm-training';
export { type GroupNormOptions, groupNorm, prefersFusedGroupNorm } from './norms/group-norm';
export { sumAll } from './ops/sum-all';
export { type AdamConstants, type AdamStepInputs, fusedAdamStep } from './optim/fused-adam';
