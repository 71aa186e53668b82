import { describe, expect, it } from 'vitest';
import {
  backendFlag,
  choiceFlag,
  numberFlag,
  parseFlags,
  positiveIntegerFlag,
  requireFlag,
  UsageError,
} from './flags';

describe('CLI flags: one parser for every CLI, each error a usage error naming its flag', () => {
  const spec = { out: { type: 'string' }, resume: { type: 'boolean' } } as const;

  it('parses strictly; booleans are false unless given', () => {
    expect(parseFlags(['--out', 'x'], spec, 'usage')).toEqual({ out: 'x', resume: false });
    for (const argv of [['--depth', '3'], ['extra']])
      expect(() => parseFlags(argv, spec, 'usage')).toThrow(UsageError);
  });

  it.each([
    [() => requireFlag(undefined, '--config'), '--config is required'],
    [() => positiveIntegerFlag('1.5', '--epochs'), "--epochs must be a positive integer, got '1.5'"],
    [() => numberFlag('hot', '--b'), "--b must be a number, got 'hot'"],
    [() => choiceFlag('x', '--stem', ['cifar', 'imagenet']), '--stem x: expected one of cifar, imagenet'],
    [() => backendFlag('gpu'), '--backend gpu: expected one of auto, tensorflow, webgpu, webgl, wasm, cpu'],
  ])('%#: %s', (check, message) => {
    expect(check).toThrow(UsageError);
    expect(check).toThrow(message);
  });

  it('absent optional flags stay undefined', () => {
    expect(positiveIntegerFlag(undefined, '--epochs')).toBeUndefined();
    expect(backendFlag(undefined)).toBeUndefined();
  });
});
