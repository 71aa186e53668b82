import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SOFTWARE_VULKAN } from './adapter';

/**
 * Vulkan ICD manifests of CPU-only drivers that Dawn accepts: SwiftShader ships in Debian's
 * `chromium-common`; lavapipe in `mesa-vulkan-drivers` (bookworm-backports; bookworm's own 22.3 is
 * too old for Dawn). `BCOS_SOFTWARE_VULKAN_ICD` names another manifest.
 */
const SOFTWARE_ICD_CANDIDATES = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json',
  '/usr/share/vulkan/icd.d/lvp_icd.json',
];

export function softwareVulkanDrivers(env: NodeJS.ProcessEnv = process.env): string[] {
  const named = env.BCOS_SOFTWARE_VULKAN_ICD;
  const candidates = named ? [named, ...SOFTWARE_ICD_CANDIDATES] : SOFTWARE_ICD_CANDIDATES;
  return candidates.filter((path) => existsSync(path));
}

/** Whether the process environment already pins the Vulkan driver (as the GPU machine's setup does). */
export function vulkanDriverPinned(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES);
}

/** Where the Vulkan loader looks for driver (ICD) manifests on Linux, besides VK_DRIVER_FILES. */
function manifestDirectories(env: NodeJS.ProcessEnv): string[] {
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const configDirs = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  return [...configDirs, '/etc', ...dataDirs].filter(Boolean).map((dir) => join(dir, 'vulkan', 'icd.d'));
}

/** The Vulkan driver manifests the loader would see: the pinned ones, or those in the standard folders. */
export function vulkanDriverManifests(env: NodeJS.ProcessEnv = process.env): string[] {
  const pinned = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (pinned) return pinned.split(':').filter(Boolean);
  return manifestDirectories(env).flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(dir, name))
      : [],
  );
}

/** GPU device nodes on Linux: DRM render nodes (AMD, Intel, nouveau) and NVIDIA's own. */
export function gpuDeviceNodes(devDir = '/dev'): string[] {
  const dri = join(devDir, 'dri');
  const render = existsSync(dri)
    ? readdirSync(dri)
        .filter((n) => n.startsWith('renderD'))
        .map((n) => join(dri, n))
    : [];
  const nvidia = existsSync(devDir)
    ? readdirSync(devDir)
        .filter((n) => /^nvidia\d+$/.test(n))
        .map((n) => join(devDir, n))
    : [];
  return [...render, ...nvidia];
}

/**
 * Why automatic selection should not even load Dawn, or undefined when a GPU may be present. On
 * Linux Dawn reaches GPUs through Vulkan only: it needs a hardware driver manifest and a GPU device
 * node (Mesa installs manifests for every GPU family whether or not one is plugged in). A
 * VK_DRIVER_FILES naming a hardware driver is trusted as is. Without a GPU, probing would only print
 * the loader's complaints. Other systems (Metal, D3D12) are always probed.
 */
export function noHardwareGpuReason(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  devDir = '/dev',
): string | undefined {
  if (platform !== 'linux') return undefined;
  const manifests = vulkanDriverManifests(env);
  const hardware = manifests.filter((path) => !SOFTWARE_VULKAN.test(path));
  if (hardware.length === 0) {
    return manifests.length
      ? `only software Vulkan drivers are installed (${manifests.join(', ')})`
      : 'no Vulkan driver is installed (no ICD manifest found)';
  }
  if (vulkanDriverPinned(env) || gpuDeviceNodes(devDir).length > 0) return undefined;
  return `no GPU device node (${devDir}/dri/renderD*, ${devDir}/nvidia*) although Vulkan drivers are installed`;
}
