import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import * as esbuild from 'esbuild';
import { browserBuild } from '../../../browser-page.shared';

/** Packages that exist only in Node (native add-ons, Dawn), besides Node's built-in modules. */
const NODE_ONLY_PACKAGES = ['sharp', 'webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isNodeOnly(specifier: string): boolean {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return true;
  return NODE_ONLY_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/** A Node-only import in a browser bundle, with the files that lead to it from the entry. */
export interface NodeLeak {
  module: string;
  chain: string[];
}

/** The shortest import chain from the bundle's entry to `file`, over the metafile's import graph. */
function chainTo(file: string, metafile: esbuild.Metafile, entry: string): string[] {
  const parent = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === file) break;
    for (const { path } of metafile.inputs[current]?.imports ?? []) {
      if (!parent.has(path)) {
        parent.set(path, current);
        queue.push(path);
      }
    }
  }
  const chain: string[] = [];
  for (let at: string | undefined = file; at; at = parent.get(at)) chain.unshift(at);
  return chain;
}

/**
 * Bundles `import * from specifier` for the browser (`browserBuild` of the root
 * browser-page.shared.ts, the package's `browser` export condition; its TypeScript sources, or with `{published: true}` its built dist/ as
 * npm ships it) and returns every Node-only import that reaches the bundle. TensorFlow.js stays
 * external: its packages map their own Node parts away.
 */
export async function nodeLeaks(
  specifier: string,
  resolveDir: string,
  { published = false } = {},
): Promise<NodeLeak[]> {
  const found: Array<{ module: string; importer: string }> = [];
  const result = await esbuild.build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir, loader: 'ts' },
    ...browserBuild(!published),
    absWorkingDir: resolveDir,
    write: false,
    metafile: true,
    external: ['@tensorflow/*'],
    plugins: [
      {
        name: 'node-only',
        setup(build) {
          build.onResolve({ filter: /.*/ }, ({ path, importer }) => {
            if (!isNodeOnly(path)) return undefined;
            found.push({ module: path, importer: relative(resolveDir, importer) });
            return { path, external: true };
          });
        },
      },
    ],
  });
  return found.map(({ module, importer }) => ({
    module,
    chain: [...chainTo(importer, result.metafile, '<stdin>'), module],
  }));
}
