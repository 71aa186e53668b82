import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noHardwareGpuReason, vulkanDriverManifests } from './vulkan';

function systemWith(...manifests: string[]): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'bcos-icd-'));
  const dir = join(root, 'vulkan', 'icd.d');
  mkdirSync(dir, { recursive: true });
  for (const name of manifests) writeFileSync(join(dir, name), '{}');
  return { XDG_DATA_DIRS: root, XDG_CONFIG_DIRS: join(root, 'none') };
}

/** A fake /dev holding the given device nodes. */
function devices(...nodes: string[]): string {
  const dev = mkdtempSync(join(tmpdir(), 'bcos-dev-'));
  for (const node of nodes) {
    mkdirSync(join(dev, node, '..'), { recursive: true });
    writeFileSync(join(dev, node), '');
  }
  return dev;
}

describe('hardware GPU pre-check', () => {
  it('probes when a hardware driver manifest and a GPU device node are present', () => {
    const nvidia = systemWith('lvp_icd.x86_64.json', 'nvidia_icd.json');
    expect(noHardwareGpuReason('linux', nvidia, devices('nvidia0'))).toBeUndefined();
    const amd = systemWith('radeon_icd.x86_64.json');
    expect(noHardwareGpuReason('linux', amd, devices('dri/renderD128'))).toBeUndefined();
  });

  it('skips when Mesa installed manifests but no GPU is plugged in', () => {
    const env = systemWith('radeon_icd.x86_64.json', 'intel_icd.x86_64.json', 'lvp_icd.x86_64.json');
    expect(noHardwareGpuReason('linux', env, devices())).toMatch(/^no GPU device node/);
  });

  it('skips with the reason when only software drivers are installed', () => {
    const env = systemWith('lvp_icd.x86_64.json');
    expect(noHardwareGpuReason('linux', env)).toMatch(
      /^only software Vulkan drivers are installed \(.*lvp_icd/,
    );
  });

  it('skips when there is no Vulkan driver at all', () => {
    expect(noHardwareGpuReason('linux', systemWith())).toBe(
      'no Vulkan driver is installed (no ICD manifest found)',
    );
  });

  it('follows a pinned VK_DRIVER_FILES, as on the GPU machine', () => {
    const env = { ...systemWith(), VK_DRIVER_FILES: '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json' };
    expect(vulkanDriverManifests(env)).toEqual(['/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json']);
    expect(noHardwareGpuReason('linux', env, devices())).toBeUndefined();
    expect(
      noHardwareGpuReason('linux', { VK_DRIVER_FILES: '/usr/lib/chromium/vk_swiftshader_icd.json' }),
    ).toMatch(/only software/);
  });

  it('always probes on systems where Dawn does not use Vulkan', () => {
    expect(noHardwareGpuReason('darwin', systemWith())).toBeUndefined();
    expect(noHardwareGpuReason('win32', systemWith())).toBeUndefined();
  });
});
