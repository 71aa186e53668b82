import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks, readmeFiles, runInGroup, SCRIPT_LANGUAGES, SHELL_LANGUAGES } from './readme-blocks';

/** tsx's loader by URL: the scripts' working directory is outside the repository. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ROOT = resolve(import.meta.dirname, '../../..');
const BLOCK_TIMEOUT_MS = 100_000;
const TEST_TIMEOUT_MS = BLOCK_TIMEOUT_MS + 20_000;

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
  await runInGroup(process.execPath, ['--conditions=source', '--import', TSX, script], {
    cwd: scratch,
    what: `${file}:${line}`,
    timeoutMs: BLOCK_TIMEOUT_MS,
  });
}

/** Whether a process runs (a killed one that nobody has reaped yet is a zombie: not running). */
function isAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('README code blocks', () => {
  it('a block past its time limit is killed with every process it started', async () => {
    const pidFile = join(scratch, 'background.pid');
    const started = runInGroup('bash', ['-c', `sleep 300 & echo $! > ${pidFile}; wait`], {
      cwd: scratch,
      what: 'README.md:1',
      timeoutMs: 1000,
    });
    await expect(started).rejects.toThrow('README.md:1 did not end within 1 s: killed with its children');
    const background = Number(readFileSync(pidFile, 'utf8'));
    for (let wait = 0; wait < 50 && isAlive(background); wait++)
      await new Promise((done) => setTimeout(done, 100));
    expect(isAlive(background)).toBe(false);
  });

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
    TEST_TIMEOUT_MS,
  );

  it.each(runnable(SHELL_LANGUAGES).map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s runs as written (bash, from the repository root)',
    async (_, block) => {
      await runInGroup('bash', ['-euo', 'pipefail', '-c', block.code], {
        cwd: ROOT,
        what: `${block.file}:${block.line}`,
        timeoutMs: BLOCK_TIMEOUT_MS,
      });
    },
    TEST_TIMEOUT_MS,
  );
});
