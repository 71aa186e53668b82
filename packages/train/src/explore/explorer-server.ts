import { type FolderServer, serveFolders } from '@bcos/backend/node';
import type { ExploredModel } from './explored-model';
import { CONFIG_PATH, type ExplorerConfig } from './page/explorer-config';

export interface ExplorerOptions {
  models: readonly ExploredModel[];
  /** The images folder and the files of it the page lists (relative, `/`-separated). */
  images?: { root: string; files: readonly string[] };
  /** The built page: index.html, its script and the wasm binaries. */
  assets: string;
  /** 0 (default): any free port. */
  port?: number;
  /** The explorer stops after this long without a request. */
  idleMs: number;
}

function pageConfig(options: ExplorerOptions): ExplorerConfig {
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  return {
    models: options.models.map((model, i) => ({
      name: model.name,
      format: model.format,
      info: model.info,
      url: model.url ?? `models/${i}/model.json`,
    })),
    images: (options.images?.files ?? []).map((file) => ({ name: file, url: `images/${encode(file)}` })),
  };
}

/** The page assets at the root, each model's folder under `models/<i>/` and the images under `images/`. */
function servedFolders(options: ExplorerOptions): Record<string, string> {
  const folders: Record<string, string> = { '': options.assets };
  options.models.forEach((model, i) => {
    if (model.directory) folders[`models/${i}`] = model.directory;
  });
  if (options.images) folders.images = options.images.root;
  return folders;
}

/**
 * Cross-origin isolation: gives the page SharedArrayBuffer, so that tfjs-backend-wasm runs on several
 * threads; `credentialless` still lets it load models from other origins that allow CORS.
 */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'credentialless',
};

/**
 * Serves the explorer page on 127.0.0.1 (`serveFolders` of @bcos/backend/node): the page assets,
 * `explorer.json` (the models and images), the model folders and the images, and nothing else.
 */
export function startExplorer(options: ExplorerOptions): Promise<FolderServer> {
  return serveFolders({
    folders: servedFolders(options),
    files: { [CONFIG_PATH]: JSON.stringify(pageConfig(options)) },
    headers: ISOLATION,
    port: options.port ?? 0,
    idleMs: options.idleMs,
    keepProcessAlive: true,
  });
}
