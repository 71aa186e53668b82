/** @bcos/backend/node: what needs Node's file system, besides the main entry (which runs in browsers too). */
export { softwareVulkanDrivers } from './backends/vulkan';
export { writeAtomically, writeFileAtomic } from './io/atomic-write';
export { fileSystem, registerFileSystem } from './io/file-system';
export { packageVersion, printVersionIfAsked } from './io/package-version';
export { writePng } from './io/write-png';
