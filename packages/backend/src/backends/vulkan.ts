import { existsSync } from 'node:fs';

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

export interface AdapterDescription {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export function isSoftwareAdapter(info: AdapterDescription): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return /swiftshader|llvmpipe|lavapipe|software/.test(text);
}

export function describeAdapter(info: AdapterDescription): string {
  const parts = [info.vendor, info.architecture, info.description || info.device].filter(
    (part): part is string => Boolean(part),
  );
  return parts.join(' ') || 'unknown adapter';
}
