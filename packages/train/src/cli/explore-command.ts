import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExploredModel, exploredModel } from '../explore/explored-model';
import { startExplorer } from '../explore/explorer-server';
import { listImages, RUN_IMAGE_FILE } from '../explore/image-list';
import { CONVERTED_MODEL_HELP } from './converted-model-help';
import { parseCommandLine, positiveIntegerFlag, UsageError } from './run-cli';

export const EXPLORE_USAGE = `usage: bcos-explore MODEL [MODEL...] [--images DIR] [--port N] [--class-names FILE]

Serves, on 127.0.0.1 only, a page that explains MODEL's decisions in the browser: pick one of the
images or drop your own, see the top classes, and draw the B-cos explanation (B-cos models) or any
CAM method at any layer, several side by side, on the backend of your choice (WebGPU, WebGL, WASM,
CPU). All computation runs in the browser; the server only serves files. Stops on Ctrl-C or after
an hour without a request.

MODEL is a bcos-train output (the run folder or its model/), a bcos-convert output, or any tfjs
LayersModel/GraphModel folder, model.json or http(s) URL of one; several are offered in a list.
--images DIR lists DIR's images (default: the first run's test images from its report). --port N
(default: any free port). ${CONVERTED_MODEL_HELP}`;

/** The built page (dist/explorer, written by the package build beside this module's bundle). */
const BUILT_PAGE = fileURLToPath(new URL('./explorer/', import.meta.url));

export interface ExploreOptions {
  /** The built page's folder (default: the package's dist/explorer). */
  assets?: string;
  /** Where the address is printed (default console.log). */
  log?: (line: string) => void;
  /** The explorer stops by itself after this long without a request (default an hour). */
  idleMs?: number;
}

async function chosenImages(folder: string | undefined, models: readonly ExploredModel[]) {
  if (folder !== undefined) {
    const root = resolve(folder);
    return { root, files: await listImages(root) };
  }
  const root = models.find((model) => model.runImages)?.runImages;
  return root ? { root, files: await listImages(root, RUN_IMAGE_FILE) } : undefined;
}

/** Resolves when SIGINT or SIGTERM arrives or `closed` does (the listeners are removed then). */
function untilStopped(closed: Promise<void>): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    void closed.then(stop);
  });
}

/** `bcos-explore`: serves the explorer until SIGINT/SIGTERM or an idle hour, then closes the server. */
export async function exploreCommand(argv: string[], options: ExploreOptions = {}): Promise<void> {
  const { flags, positionals } = parseCommandLine(
    argv,
    { images: { type: 'string' }, port: { type: 'string' }, 'class-names': { type: 'string' } },
    EXPLORE_USAGE,
  );
  if (positionals.length === 0) throw new UsageError('MODEL is required');
  const assets = options.assets ?? BUILT_PAGE;
  if (!existsSync(resolve(assets, 'index.html')))
    throw new Error(
      `the explorer page is not built (${assets}): run \`npm run build\` at the repository root`,
    );
  const port = flags.port === '0' ? 0 : positiveIntegerFlag(flags.port, '--port');
  const models: ExploredModel[] = [];
  for (const path of positionals) models.push(await exploredModel(path, flags['class-names']));
  const images = await chosenImages(flags.images, models);
  const explorer = await startExplorer({
    models,
    images,
    assets,
    port,
    idleMs: options.idleMs ?? 60 * 60_000,
  });
  const log = options.log ?? console.log;
  log(
    `explorer: ${explorer.url} (${models.length} model(s), ${images?.files.length ?? 0} images); Ctrl-C stops it, as does an hour without a request`,
  );
  await untilStopped(explorer.closed);
  await explorer.close();
}
