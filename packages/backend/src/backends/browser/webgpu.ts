import { activate } from '../activate';
import { type AdapterDescription, describeAdapter, isSoftwareAdapter } from '../adapter';
import { type BackendInfo, BackendUnavailableError, type StartOptions } from '../types';

/** The page's WebGPU (`navigator.gpu`); a software adapter (SwiftShader) only when allowed. */
export async function startBrowserWebgpu(options: StartOptions): Promise<BackendInfo> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) throw new BackendUnavailableError('webgpu', 'this browser offers no WebGPU (navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new BackendUnavailableError('webgpu', 'the browser found no WebGPU adapter');
  // GPUAdapter.info (Chrome 114+); the bundled @webgpu/types predate it.
  const info = (adapter as unknown as { info?: AdapterDescription }).info ?? {};
  const software = isSoftwareAdapter(info);
  if (software && !options.allowSoftwareGpu) {
    throw new BackendUnavailableError(
      'webgpu',
      `only a software adapter is present (${describeAdapter(info)}); it is used only when asked for by name`,
    );
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    throw new BackendUnavailableError(
      'webgpu',
      `importing @tensorflow/tfjs-backend-webgpu failed: ${(error as Error).message}`,
    );
  }
  await activate('webgpu');
  return { name: 'webgpu', description: `${describeAdapter(info)} through the browser's WebGPU`, software };
}
