import { activate } from './backends/activate';
import { startCpu } from './backends/cpu';
import { startTensorflow } from './backends/tensorflow';
import {
  BACKEND_ORDER,
  type BackendInfo,
  type BackendName,
  BackendUnavailableError,
  isBackendName,
  type StartOptions,
} from './backends/types';
import { startWasm } from './backends/wasm';
import { requestedWasmThreads } from './backends/wasm-threads';
import { startWebgpu } from './backends/webgpu';
import { registerFileSystem } from './io/file-system';

export interface InitBackendOptions {
  /** Start exactly this backend, or fail saying why. Defaults to `process.env.BCOS_BACKEND`. */
  backend?: BackendName | string;
  /** Accept software Vulkan for webgpu. Default: only when webgpu is named explicitly. */
  allowSoftwareGpu?: boolean;
  /**
   * Threads of the wasm backend in Node: 1 to 8. Defaults to `process.env.BCOS_THREADS`, else every
   * core (at most 8). Fixed once wasm has started in the process.
   */
  threads?: number;
}

const STARTERS: Record<BackendName, (options: StartOptions) => Promise<BackendInfo>> = {
  tensorflow: startTensorflow,
  webgpu: startWebgpu,
  wasm: startWasm,
  cpu: startCpu,
};

const running = new Map<BackendName, BackendInfo>();

/** Starts a backend once per process; later calls only make it active again (a second Dawn instance would orphan the first device). */
async function start(name: BackendName, options: StartOptions): Promise<BackendInfo> {
  const known = running.get(name);
  if (known) {
    if (name === 'wasm') checkWasmThreads(known, options.threads);
    if (known.software && !options.allowSoftwareGpu) {
      throw new BackendUnavailableError(name, `only a software adapter is present (${known.description})`);
    }
    await activate(name);
    return known;
  }
  const info = await STARTERS[name](options);
  running.set(name, info);
  return info;
}

/** wasm's threads are fixed when it starts; asking for another count later is an error, not ignored. */
function checkWasmThreads(known: BackendInfo, option: number | undefined): void {
  const asked = requestedWasmThreads(option);
  if (asked.explicit && asked.count !== known.threads) {
    throw new Error(
      `wasm already runs on ${known.threads} thread(s) in this process; ${asked.count} cannot be chosen after it started`,
    );
  }
}

/** Every backend that failed to start, each with its reason. */
export class NoBackendError extends Error {
  constructor(readonly failures: BackendUnavailableError[]) {
    super(
      `no TensorFlow.js backend could start:\n${failures.map((f) => `  - ${f.backend}: ${f.reason}`).join('\n')}`,
    );
    this.name = 'NoBackendError';
  }
}

function requestedBackend(options: InitBackendOptions): BackendName | undefined {
  const requested = options.backend ?? process.env.BCOS_BACKEND;
  if (requested === undefined || requested === '' || requested === 'auto') return undefined;
  if (!isBackendName(requested)) {
    const source = options.backend !== undefined ? 'option backend' : 'BCOS_BACKEND';
    throw new Error(
      `${source}: unknown backend '${requested}'; expected one of ${BACKEND_ORDER.join(', ')} or auto`,
    );
  }
  return requested;
}

/**
 * Readies the fastest backend available (tensorflow, webgpu, wasm, cpu) or the one named by the
 * `backend` option / `BCOS_BACKEND`. A named backend that cannot start is an error; it never falls
 * back silently. Also registers the project's kernels and the `file://` model handler.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  registerFileSystem();
  const named = requestedBackend(options);
  if (named) {
    return start(named, { allowSoftwareGpu: options.allowSoftwareGpu ?? true, threads: options.threads });
  }
  const failures: BackendUnavailableError[] = [];
  for (const name of BACKEND_ORDER) {
    try {
      return await start(name, {
        allowSoftwareGpu: options.allowSoftwareGpu ?? false,
        threads: options.threads,
      });
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      failures.push(error);
    }
  }
  throw new NoBackendError(failures);
}

/** Tries every backend in turn and reports which can start; the last one started stays active. */
export async function probeBackends(
  options: Pick<InitBackendOptions, 'allowSoftwareGpu'> = {},
): Promise<Array<BackendInfo | BackendUnavailableError>> {
  const results: Array<BackendInfo | BackendUnavailableError> = [];
  for (const name of BACKEND_ORDER) {
    try {
      results.push(await start(name, { allowSoftwareGpu: options.allowSoftwareGpu ?? true }));
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      results.push(error);
    }
  }
  return results;
}
