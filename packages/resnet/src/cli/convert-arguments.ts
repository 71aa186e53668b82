import { parseArgs } from 'node:util';
import { checkOneOf, STEMS } from '../arguments';
import { ARCHITECTURES } from '../checkpoint-architecture';
import type { ConvertOptions } from '../convert-checkpoint';

export const CONVERT_USAGE = `usage: bcos-convert --from state_dict.safetensors --arch bcos-resnet18|resnet18 --out dir
  [--stem cifar|imagenet] [--classes N] [--width N]   (default: read off the state_dict)
  [--norm batch|layer|position|group|none] [--centered] [--groups N]
  [--b B] [--max-out M] [--logit-temperature T]       (B-cos only)
  [--input-size N]                                   (default 224, or 32 for the CIFAR stem)
  [--backend cpu|wasm|webgpu|tensorflow]             (default cpu)`;

const WHERE = 'bcos-convert';

export interface ConvertCommand {
  convert: ConvertOptions;
  backend: string;
}

export function parseConvertArguments(argv: string[]): ConvertCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      from: { type: 'string' },
      arch: { type: 'string' },
      out: { type: 'string' },
      stem: { type: 'string' },
      classes: { type: 'string' },
      width: { type: 'string' },
      norm: { type: 'string' },
      centered: { type: 'boolean' },
      groups: { type: 'string' },
      b: { type: 'string' },
      'max-out': { type: 'string' },
      'logit-temperature': { type: 'string' },
      'input-size': { type: 'string' },
      backend: { type: 'string', default: 'cpu' },
    },
  });
  const required = (name: 'from' | 'arch' | 'out'): string => {
    const value = values[name];
    if (!value) throw new Error(`${WHERE}: --${name} is required\n${CONVERT_USAGE}`);
    return value;
  };
  const convert: ConvertOptions = {
    from: required('from'),
    arch: checkOneOf(required('arch'), ARCHITECTURES, WHERE, '--arch'),
    out: required('out'),
    stem: values.stem === undefined ? undefined : checkOneOf(values.stem, STEMS, WHERE, '--stem'),
    classes: count(values.classes, '--classes'),
    width: count(values.width, '--width'),
    norm: values.norm as ConvertOptions['norm'],
    centered: values.centered,
    groups: count(values.groups, '--groups'),
    b: number(values.b, '--b'),
    maxOut: count(values['max-out'], '--max-out'),
    logitTemperature: number(values['logit-temperature'], '--logit-temperature'),
    inputSize: count(values['input-size'], '--input-size'),
  };
  return { convert, backend: values.backend };
}

function number(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new Error(`${WHERE}: ${option} must be a number, got '${text}'`);
  return value;
}

function count(text: string | undefined, option: string): number | undefined {
  const value = number(text, option);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`${WHERE}: ${option} must be a positive integer, got '${text}'`);
  }
  return value;
}
