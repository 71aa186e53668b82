/** Names of CPU-only Vulkan drivers, in manifest paths and adapter descriptions alike. */
export const SOFTWARE_VULKAN = /swiftshader|llvmpipe|lavapipe|lvp_icd|software/i;

/** What a WebGPU adapter (Dawn's or a browser's) or a WebGL renderer says about itself. */
export interface AdapterDescription {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export function isSoftwareAdapter(info: AdapterDescription): boolean {
  return SOFTWARE_VULKAN.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
}

export function describeAdapter(info: AdapterDescription): string {
  const parts = [info.vendor, info.architecture, info.description || info.device].filter(
    (part): part is string => Boolean(part),
  );
  return parts.join(' ') || 'unknown adapter';
}
