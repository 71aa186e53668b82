import './gradients';

export { BACKEND_ORDER, type BackendInfo, type BackendName, BackendUnavailableError } from './backends/types';
export { isSoftwareAdapter, softwareVulkanDrivers } from './backends/vulkan';
export {
  type CaptureOptions,
  type CaptureStats,
  captureStep,
  type StepCapture,
  type StepFunction,
  type StepMode,
} from './capture/step-capture';
export { type InitBackendOptions, initBackend, NoBackendError, probeBackends } from './init-backend';
export { writeAtomically, writeFileAtomic } from './io/atomic-write';
export { FileAccessError, fileError, withFilePath } from './io/file-errors';
export { fileSystem, registerFileSystem } from './io/file-system';
export { packageVersion, printVersionIfAsked } from './io/package-version';
export { encodePng, type RawImage, tensorToImage, writePng } from './io/png';
export { PROJECT_KERNELS, registerProjectKernels, useStockKernels } from './kernels/register';
export { stockKernel } from './kernels/stock-kernels';
export { type GroupNormOptions, groupNorm, hasFusedGroupNorm } from './norms/group-norm';
export { sumAll } from './ops/sum-all';
export { type AdamConstants, type AdamStepInputs, fusedAdamStep } from './optim/fused-adam';
