import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a consumer of the published packages gets: the built dist/ entries under Node's own
// `import` and `require` conditions (never the `source` condition the other tests use).
const root = resolve(import.meta.dirname, '../../..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
}

const published = readdirSync(join(root, 'packages'))
  .map((name) => ({
    folder: join(root, 'packages', name),
    manifest: readManifest(join(root, 'packages', name)),
  }))
  .filter(({ manifest }) => !manifest.private);

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The package's export names as Node loads it: `-e` scripts are CommonJS unless told otherwise. */
function exportedNames(name: string, via: 'import' | 'require'): string[] {
  const quoted = JSON.stringify(name);
  const names = 'Object.keys(m).filter((k) => k !== "default").sort()';
  const args =
    via === 'require'
      ? ['-e', `const m = require(${quoted}); console.log(JSON.stringify(${names}));`]
      : [
          '--input-type=module',
          '-e',
          `const m = await import(${quoted}); console.log(JSON.stringify(${names}));`,
        ];
  return JSON.parse(runNode(args)) as string[];
}

/** Each package's main entry, and its `/node` subpath (the Node-only functions) where it has one. */
const entries = published.flatMap(({ folder, manifest }) =>
  [manifest.name, ...(manifest.exports?.['./node'] ? [`${manifest.name}/node`] : [])].map((entry) => ({
    entry,
    folder,
  })),
);

describe('published packages', () => {
  it.each(entries.map(({ entry }) => entry))('%s loads through import and require alike', (entry) => {
    const folder = entries.find((candidate) => candidate.entry === entry)!.folder;
    expect(existsSync(join(folder, 'dist')), `${entry} is not built: run npm run build`).toBe(true);
    const viaImport = exportedNames(entry, 'import');
    expect(viaImport.length).toBeGreaterThan(0);
    expect(exportedNames(entry, 'require')).toEqual(viaImport);
  });

  it('@bcos/train renders a chart when loaded with require (vega is ESM-only; renderChart is internal)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bcos-cjs-chart-'));
    try {
      const script = `
        const { renderChart } = require('@bcos/train/internal');
        renderChart({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
          ${JSON.stringify(directory)}, 'chart').then((files) => console.log(JSON.stringify(files)));`;
      const files = JSON.parse(runNode(['-e', script]).trim()) as { svg: string; png: string };
      expect(readFileSync(join(directory, files.svg), 'utf8')).toContain('<svg');
      expect(readFileSync(join(directory, files.png)).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('siblings depend on each other by caret ranges, so a consumer install holds one copy of each', () => {
    const versions = new Map(published.map(({ manifest }) => [manifest.name, manifest.version]));
    const pins = published.flatMap(({ manifest }) =>
      Object.entries(manifest.dependencies ?? {})
        .filter(([dependency]) => versions.has(dependency))
        .filter(([dependency, range]) => range !== `^${versions.get(dependency)}`)
        .map(([dependency, range]) => `${manifest.name} → ${dependency}@${range}`),
    );
    expect(pins).toEqual([]);
  });
});
