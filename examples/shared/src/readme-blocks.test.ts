import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks, readmeFiles, SCRIPT_LANGUAGES, SHELL_LANGUAGES } from './readme-blocks';

const run = promisify(execFile);
/** tsx's loader by URL: the scripts' working directory is outside the repository. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ROOT = resolve(import.meta.dirname, '../../..');
const BLOCK_TIMEOUT_MS = 120_000;

const blocks = readmeFiles(ROOT).flatMap((file) => codeBlocks(file, readFileSync(join(ROOT, file), 'utf8')));
const runnable = (languages: readonly string[]) =>
  blocks.filter((block) => languages.includes(block.language) && block.notRun === undefined);

// Scripts run as modules next to this file (so that workspace packages resolve, from their sources),
// in a scratch folder as working directory that sees the repository's packages/, examples/ and fixtures/.
const scratch = mkdtempSync(join(tmpdir(), 'bcos-readme-'));
for (const folder of ['packages', 'examples', 'fixtures'])
  symlinkSync(join(ROOT, folder), join(scratch, folder));
const scriptDir = mkdtempSync(join(import.meta.dirname, '.readme-block-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(scriptDir, { recursive: true, force: true });
});

async function runScript(file: string, line: number, code: string): Promise<void> {
  const script = join(scriptDir, `${file.replaceAll('/', '-')}-${line}.mts`);
  writeFileSync(script, code);
  await run(process.execPath, ['--conditions=source', '--import', TSX, script], {
    cwd: scratch,
    timeout: BLOCK_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('README code blocks', () => {
  it('a block is skipped only with a reason: <!-- not-run: reason -->', () => {
    const unexplained = blocks.filter((block) => block.notRun === '');
    expect(unexplained.map((b) => `${b.file}:${b.line}`)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(runnable(SCRIPT_LANGUAGES).map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s runs as written (tsx)',
    async (_, block) => {
      await runScript(block.file, block.line, block.code);
    },
    BLOCK_TIMEOUT_MS,
  );

  it.each(runnable(SHELL_LANGUAGES).map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s runs as written (bash, from the repository root)',
    async (_, block) => {
      await run('bash', ['-euo', 'pipefail', '-c', block.code], {
        cwd: ROOT,
        timeout: BLOCK_TIMEOUT_MS,
      });
    },
    BLOCK_TIMEOUT_MS,
  );
});
