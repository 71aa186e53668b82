import { activate } from './backends/activate';
import {
  BACKEND_ORDER,
  type BackendInfo,
  type BackendName,
  BackendUnavailableError,
  isBackendName,
  type StartOptions,
} from './backends/types';
import { environmentVariable } from './environment';

export interface InitBackendOptions {
  /** Start exactly this backend, or fail saying why. Defaults to `process.env.BCOS_BACKEND` (Node). */
  backend?: BackendName | string;
  /** Accept a software GPU (SwiftShader, lavapipe) for webgpu/webgl. Default: only when named explicitly. */
  allowSoftwareGpu?: boolean;
  /**
   * Threads of the wasm backend: 1 to 8. In Node defaults to `process.env.BCOS_THREADS`, else every
   * core (at most 8); in a browser tfjs-backend-wasm decides (threads need a cross-origin isolated
   * page). Fixed once wasm has started.
   */
  threads?: number;
  /**
   * Browser only: where tfjs-backend-wasm fetches its `.wasm` files, a folder URL ending in `/` or
   * a map from file name to URL (tfjs's `setWasmPaths`). Default: next to the page's script.
   */
  wasmPaths?: string | Record<string, string>;
}

/** How one platform (Node or a browser) starts each backend, and what it registers first. */
export interface BackendPlatform {
  starters: Record<BackendName, (options: StartOptions) => Promise<BackendInfo>>;
  /** Runs before any backend starts (Node: the file:// model handler). */
  prepare(): void;
  /** The wasm thread count an `initBackend` call asks for; `explicit` says whether someone chose it. */
  requestedWasmThreads(option: number | undefined): { count: number; explicit: boolean };
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
  const requested = options.backend ?? environmentVariable('BCOS_BACKEND');
  if (requested === undefined || requested === '' || requested === 'auto') return undefined;
  if (!isBackendName(requested)) {
    const source = options.backend !== undefined ? 'option backend' : 'BCOS_BACKEND';
    throw new Error(
      `${source}: unknown backend '${requested}'; expected one of ${BACKEND_ORDER.join(', ')} or auto`,
    );
  }
  return requested;
}

/** wasm's threads are fixed when it starts; asking for another count later is an error, not ignored. */
function checkWasmThreads(platform: BackendPlatform, known: BackendInfo, option: number | undefined): void {
  const asked = platform.requestedWasmThreads(option);
  if (asked.explicit && asked.count !== known.threads) {
    throw new Error(
      `wasm already runs on ${known.threads} thread(s) in this process; ${asked.count} cannot be chosen after it started`,
    );
  }
}

/**
 * `initBackend` and `probeBackends` over one platform's starters. Each backend starts once per
 * process; later calls only make it active again (a second Dawn instance would orphan the first device).
 */
export function backendSelection(platform: BackendPlatform) {
  const running = new Map<BackendName, BackendInfo>();

  async function start(name: BackendName, options: StartOptions): Promise<BackendInfo> {
    const known = running.get(name);
    if (known) {
      if (name === 'wasm') checkWasmThreads(platform, known, options.threads);
      if (known.software && !options.allowSoftwareGpu) {
        throw new BackendUnavailableError(name, `only a software adapter is present (${known.description})`);
      }
      await activate(name);
      return known;
    }
    const info = await platform.starters[name](options);
    running.set(name, info);
    return info;
  }

  /**
   * `backend` option / `BCOS_BACKEND`, else the first of BACKEND_ORDER that starts. A named backend
   * that cannot start is an error; it never falls back silently. Also registers the project's kernels
   * (and in Node the `file://` model handler).
   */
  async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
    platform.prepare();
    const named = requestedBackend(options);
    const startOptions = { threads: options.threads, wasmPaths: options.wasmPaths };
    if (named) return start(named, { ...startOptions, allowSoftwareGpu: options.allowSoftwareGpu ?? true });
    const failures: BackendUnavailableError[] = [];
    for (const name of BACKEND_ORDER) {
      try {
        return await start(name, { ...startOptions, allowSoftwareGpu: options.allowSoftwareGpu ?? false });
      } catch (error) {
        if (!(error instanceof BackendUnavailableError)) throw error;
        failures.push(error);
      }
    }
    throw new NoBackendError(failures);
  }

  /** Tries every backend in turn and reports which can start; the last one started stays active. */
  async function probeBackends(
    options: Pick<InitBackendOptions, 'allowSoftwareGpu' | 'wasmPaths'> = {},
  ): Promise<Array<BackendInfo | BackendUnavailableError>> {
    platform.prepare();
    const results: Array<BackendInfo | BackendUnavailableError> = [];
    for (const name of BACKEND_ORDER) {
      try {
        results.push(
          await start(name, {
            allowSoftwareGpu: options.allowSoftwareGpu ?? true,
            wasmPaths: options.wasmPaths,
          }),
        );
      } catch (error) {
        if (!(error instanceof BackendUnavailableError)) throw error;
        results.push(error);
      }
    }
    return results;
  }

  return { initBackend, probeBackends };
}
