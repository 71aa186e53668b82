import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marks the code block after it as one the README test does not run, with the reason. */
export const NOT_RUN_MARKER = /^<!--\s*not-run:(.*?)-->$/;

/** Languages run by the README test: TypeScript / JavaScript with tsx, shell with bash. */
export const SCRIPT_LANGUAGES = ['ts', 'typescript', 'js', 'javascript'] as const;
export const SHELL_LANGUAGES = ['sh', 'bash', 'shell'] as const;

export interface ReadmeBlock {
  /** Path relative to the repository root, and the line of the opening fence (1-based). */
  file: string;
  line: number;
  language: string;
  code: string;
  /** The reason given by a `<!-- not-run: reason -->` right before the block ('' when given none). */
  notRun?: string;
}

/** The markdown files whose code blocks are tested: the root README, every package's, example's, bench's and docs/*.md. */
export function readmeFiles(root: string): string[] {
  const inFolders = (parent: string) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}/README.md`);
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const candidates = [
    'README.md',
    ...inFolders('packages'),
    ...inFolders('examples'),
    'bench/README.md',
    ...docs,
  ];
  return candidates.filter((file) => {
    try {
      readFileSync(join(root, file));
      return true;
    } catch {
      return false;
    }
  });
}

/** The fenced code blocks of a markdown text, each with the not-run marker right before it, if any. */
export function codeBlocks(file: string, text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!opening) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`${file}:${i + 1}: code block never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? NOT_RUN_MARKER.exec(lines[before]!.trim()) : null;
    blocks.push({
      file,
      line: i + 1,
      language: opening[1]!,
      code: lines.slice(i + 1, end).join('\n'),
      ...(marker ? { notRun: marker[1]!.trim() } : {}),
    });
    i = end;
  }
  return blocks;
}

/**
 * Runs a block's process in its own process group; past the time limit the whole group is killed (a
 * block that starts a server or npm leaves no process behind) and the error says so.
 */
export function runInGroup(
  command: string,
  args: string[],
  { cwd, what, timeoutMs }: { cwd: string; what: string; timeoutMs: number },
): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut)
        fail(new Error(`${what} did not end within ${timeoutMs / 1000} s: killed with its children`));
      else if (code === 0) done();
      else fail(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${stderr}`));
    });
  });
}
