import { activate } from './activate';
import { describeAdapter, isSoftwareAdapter } from './adapter';
import { type BackendInfo, BackendUnavailableError, isModuleNotFound, type StartOptions } from './types';
import { noHardwareGpuReason, softwareVulkanDrivers, vulkanDriverPinned } from './vulkan';

type DawnModule = { create(flags: string[]): GPU; globals: object };

async function importOrExplain<T>(specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const reason = isModuleNotFound(error, specifier)
      ? `${specifier} is not installed`
      : `importing ${specifier} failed: ${(error as Error).message}`;
    throw new BackendUnavailableError('webgpu', reason);
  }
}

async function firstAdapter(dawn: DawnModule, allowSoftware: boolean) {
  const request = (gpu: GPU) => gpu.requestAdapter({ powerPreference: 'high-performance' });
  let gpu = dawn.create([]);
  let adapter = await request(gpu);
  if (!adapter && allowSoftware && !vulkanDriverPinned()) {
    // The Vulkan loader reads VK_DRIVER_FILES when Dawn creates its instance, so a fresh
    // instance after setting it sees the software driver.
    for (const manifest of softwareVulkanDrivers()) {
      process.env.VK_DRIVER_FILES = manifest;
      gpu = dawn.create([]);
      adapter = await request(gpu);
      if (adapter) break;
      delete process.env.VK_DRIVER_FILES;
    }
  }
  return { gpu, adapter };
}

function installNavigatorGpu(gpu: GPU): void {
  const scope = globalThis as { navigator?: { gpu?: GPU } };
  if (!scope.navigator) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
}

/**
 * WebGPU through Dawn (npm `webgpu`). `navigator.gpu` must exist before tfjs-backend-webgpu is
 * imported, because that module registers its backend only if it sees WebGPU at import time.
 */
export async function startWebgpu(options: StartOptions): Promise<BackendInfo> {
  const noGpu = options.allowSoftwareGpu ? undefined : noHardwareGpuReason();
  if (noGpu) throw new BackendUnavailableError('webgpu', noGpu);
  const dawn = await importOrExplain<DawnModule>('webgpu');
  Object.assign(globalThis, dawn.globals);
  const { gpu, adapter } = await firstAdapter(dawn, options.allowSoftwareGpu);
  if (!adapter) {
    const drivers = softwareVulkanDrivers();
    const hint = drivers.length
      ? `software drivers found (${drivers.join(', ')}) but none gave an adapter`
      : 'no software Vulkan driver found either (install chromium-common for SwiftShader)';
    throw new BackendUnavailableError('webgpu', `Dawn found no GPU adapter; ${hint}`);
  }
  const info = (adapter as unknown as { info: Parameters<typeof describeAdapter>[0] }).info;
  const software = isSoftwareAdapter(info);
  if (software && !options.allowSoftwareGpu) {
    throw new BackendUnavailableError(
      'webgpu',
      `only a software Vulkan adapter is present (${describeAdapter(info)}); it is slower than wasm, so it is used only when asked for by name`,
    );
  }
  installNavigatorGpu(gpu);
  await importOrExplain('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu');
  return { name: 'webgpu', description: `${describeAdapter(info)} through Dawn/Vulkan`, software };
}
