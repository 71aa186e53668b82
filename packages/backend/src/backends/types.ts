/** The TensorFlow.js backends @bcos knows how to start, fastest first. */
/** Automatic selection's order: tensorflow only in Node, webgl only in a browser. */
export const BACKEND_ORDER = ['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

export type BackendName = (typeof BACKEND_ORDER)[number];

export interface BackendInfo {
  /** The tfjs backend name, as `tf.getBackend()` reports it. */
  name: BackendName;
  /** What runs underneath: device, driver, thread count. */
  description: string;
  /** True when the backend runs on the CPU although its name suggests a GPU (software Vulkan). */
  software: boolean;
  /** CPU threads the backend computes on, where @bcos chooses them (wasm, cpu). */
  threads?: number;
}

export interface StartOptions {
  /** Accept a software adapter (SwiftShader, lavapipe) for webgpu and webgl. */
  allowSoftwareGpu: boolean;
  /** wasm threads; see `InitBackendOptions.threads`. */
  threads?: number;
  /** Browser only: where tfjs-backend-wasm fetches its .wasm files; see `InitBackendOptions.wasmPaths`. */
  wasmPaths?: string | Record<string, string>;
}

/** A backend that cannot start here, with the reason a person can act on. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backend '${backend}' is unavailable: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name);
}

/** Whether an import failed because the package is absent (Node's codes, or a bundler/test runner's wording). */
export function isModuleNotFound(error: unknown, specifier: string): boolean {
  const e = error as { code?: string; message?: string };
  const message = String(e?.message ?? '');
  if (!message.includes(specifier)) return false;
  return (
    e.code === 'ERR_MODULE_NOT_FOUND' ||
    e.code === 'MODULE_NOT_FOUND' ||
    /cannot find (package|module)|could not resolve|failed to (load|resolve)/i.test(message)
  );
}
