import { type BackendPlatform, backendSelection } from './backend-selection';
import { startCpu } from './backends/cpu';
import { startTensorflow } from './backends/tensorflow';
import { BackendUnavailableError } from './backends/types';
import { startWasm } from './backends/wasm';
import { requestedWasmThreads } from './backends/wasm-threads';
import { startWebgpu } from './backends/webgpu';
import { registerFileSystem } from './io/file-system';

export { type InitBackendOptions, NoBackendError } from './backend-selection';

/** Node: libtensorflow through tfjs-node, WebGPU through Dawn, multi-threaded wasm, cpu. */
const NODE: BackendPlatform = {
  starters: {
    tensorflow: startTensorflow,
    webgpu: startWebgpu,
    webgl: async () => {
      throw new BackendUnavailableError('webgl', 'WebGL exists only in a browser');
    },
    wasm: startWasm,
    cpu: startCpu,
  },
  prepare: registerFileSystem,
  requestedWasmThreads,
};

export const { initBackend, probeBackends } = backendSelection(NODE);
