import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('--help prints a usage line npm can run as written', async () => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--conditions=source',
    '--import',
    'tsx',
    main,
    '--help',
  ]);
  expect(stdout.split('\n')[0]).toBe('usage: npm run demo -- [--out DIR] [--backend NAME]');
});
