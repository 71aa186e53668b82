import { type BackendPlatform, backendSelection } from './backend-selection';
import { startBrowserWasm } from './backends/browser/wasm';
import { startWebgl } from './backends/browser/webgl';
import { startBrowserWebgpu } from './backends/browser/webgpu';
import { startCpu } from './backends/cpu';
import { BackendUnavailableError } from './backends/types';

export { type InitBackendOptions, NoBackendError } from './backend-selection';

/** A browser: the page's WebGPU, WebGL, tfjs-backend-wasm (fetching its .wasm files), cpu. */
const BROWSER: BackendPlatform = {
  starters: {
    tensorflow: async () => {
      throw new BackendUnavailableError('tensorflow', 'libtensorflow (tfjs-node) runs only in Node');
    },
    webgpu: startBrowserWebgpu,
    webgl: startWebgl,
    wasm: startBrowserWasm,
    cpu: startCpu,
  },
  prepare: () => {},
  requestedWasmThreads: (option: number | undefined) => ({
    count: option ?? 0,
    explicit: option !== undefined,
  }),
};

export const { initBackend, probeBackends } = backendSelection(BROWSER);
