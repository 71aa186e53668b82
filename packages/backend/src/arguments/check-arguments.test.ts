import { describe, expect, it } from 'vitest';
import {
  boolean,
  describeValue,
  finiteNumber,
  integerAtLeast,
  oneOf,
  optionsObject,
  positiveInteger,
  positiveIntegerPair,
  positiveNumber,
  probability,
} from './check-arguments';

describe('argument checks: owner, argument, value; errors name the owner and the argument', () => {
  it('return the value when it is good', () => {
    expect(positiveInteger('f', 'n', 3)).toBe(3);
    expect(positiveIntegerPair('f', 'k', 3)).toEqual([3, 3]);
    expect(positiveIntegerPair('f', 'k', [1, 2])).toEqual([1, 2]);
    expect(oneOf('f', 'mode', 'a', ['a', 'b'])).toBe('a');
    expect(probability('f', 'p', 1)).toBe(1);
  });

  it.each([
    [() => positiveInteger('resnet18', 'width', 0), 'resnet18: width must be a positive integer, got 0'],
    [() => integerAtLeast('resnet18', 'classes', 1, 2), 'resnet18: classes must be an integer ≥ 2, got 1'],
    [
      () => positiveNumber("BcosConv2d 'c'", 'b', -1),
      "BcosConv2d 'c': b must be a finite number > 0, got -1",
    ],
    [() => finiteNumber('f', 'bias', Number.NaN), 'f: bias must be a finite number, got NaN'],
    [() => probability('Flip', 'p', 2), 'Flip: p must be in [0, 1], got 2'],
    [() => oneOf('f', 'norm', 'x', ['a', 'b']), "f: norm must be one of 'a', 'b', got 'x'"],
    [() => boolean('f', 'centered', 'yes'), "f: centered must be true or false, got 'yes'"],
    [() => positiveIntegerPair('f', 'k', [1, 2, 3]), 'f: k must be a number or a pair, got [1, 2, 3]'],
    [() => optionsObject('f', null as unknown as object), 'f: expected an options object, got null'],
  ])('%#: %s', (check, message) => {
    expect(check).toThrow(message);
  });

  it('describes values: strings quoted, arrays item by item, objects as JSON', () => {
    expect(describeValue(['a', 1])).toBe("['a', 1]");
    expect(describeValue({ kind: 'rms' })).toBe('{"kind":"rms"}');
    expect(describeValue(undefined)).toBe('undefined');
  });
});
