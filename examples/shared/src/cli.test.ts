import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags, UsageError } from '@bcos/backend/node';
import { describe, expect, it } from 'vitest';
import { DATA_FLAGS, exampleFlags, flagHelp, RUN_FLAGS, SYNTHETIC_FLAG } from './cli';

const FLAGS = { ...DATA_FLAGS, ...SYNTHETIC_FLAG, ...RUN_FLAGS };
const DEFAULTS = { config: 'config.json', out: 'runs/x' };
const flagsOf = (...argv: string[]) => exampleFlags(parseFlags(argv, FLAGS, 'usage'), DEFAULTS);

describe('example flags', () => {
  it('resolves paths and turns --epochs / --batch-size into recipe overrides', () => {
    const flags = flagsOf('--data-dir', tmpdir(), '--epochs', '3', '--batch-size', '16', '--backend', 'wasm');
    expect(flags).toMatchObject({ dataDir: tmpdir(), synthetic: false, download: false, backend: 'wasm' });
    expect(flags.overrides).toEqual({ epochs: 3, batchSize: 16 });
    expect(flags.out).toBe(join(process.cwd(), 'runs/x'));
  });

  it.each([
    [['--synthetic', '--data-dir', tmpdir()], /--synthetic generates its data/],
    [[], /--data-dir DIR is required/],
    [['--data-dir', '/nonexistent/cifar'], /no such file or directory \(add --download/],
    [['--synthetic', '--epochs', '0'], /--epochs must be a positive integer, got '0'/],
    [['--synthetic', '--batch-size', 'many'], /--batch-size must be a positive integer/],
    [
      ['--synthetic', '--backend', 'cuda'],
      /--backend cuda: expected one of auto, tensorflow, webgpu, webgl, wasm, cpu/,
    ],
    [['--synthetic', '--dataset', 'x'], /Unknown option '--dataset'/],
    [['--synthetic', 'extra'], /positional/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => flagsOf(...argv)).toThrow(UsageError);
    expect(() => flagsOf(...argv)).toThrow(message);
  });

  it('mentions --synthetic only where the command offers it', () => {
    const realDataOnly = { ...DATA_FLAGS, ...RUN_FLAGS };
    expect(() => exampleFlags(parseFlags([], realDataOnly, 'usage'), DEFAULTS)).toThrow(
      /^--data-dir DIR is required$/,
    );
    expect(flagHelp(realDataOnly)).not.toContain('--synthetic');
    expect(flagHelp(FLAGS)).toContain(
      '--data-dir DIR      the dataset on disk (required unless --synthetic)',
    );
  });

  it('lets --download create the data folder', () => {
    expect(flagsOf('--data-dir', '/nonexistent/cifar', '--download').download).toBe(true);
  });
});
