/** @bcos/backend/node: what needs Node's file system, besides the main entry (which runs in browsers too). */
export { softwareVulkanDrivers } from './backends/vulkan';
export {
  backendFlag,
  choiceFlag,
  type FlagSpec,
  type FlagValues,
  numberFlag,
  parseCommandLine,
  parseFlags,
  positiveIntegerFlag,
  requireFlag,
  UsageError,
} from './cli/flags';
export { runCli } from './cli/run-cli';
export { writeAtomically, writeFileAtomic } from './io/atomic-write';
export { fileSystem, registerFileSystem } from './io/file-system';
export { packageVersion, printVersionIfAsked } from './io/package-version';
export { writePicturePng, writePng } from './io/write-png';
export { type FolderServer, type FolderServerOptions, serveFolders } from './serve/folder-server';
