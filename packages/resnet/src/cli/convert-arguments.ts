import type { BackendName } from '@bcos/backend';
import {
  backendFlag,
  choiceFlag,
  numberFlag,
  parseFlags,
  positiveIntegerFlag,
  requireFlag,
} from '@bcos/backend/node';
import { STEMS } from '../arguments';
import { ARCHITECTURES } from '../checkpoint-architecture';
import type { ConvertOptions } from '../convert-checkpoint';

export const CONVERT_USAGE = `usage: bcos-convert --from state_dict.safetensors --arch bcos-resnet18|resnet18 --out dir
  [--stem cifar|imagenet] [--classes N] [--width N]   (default: read off the state_dict)
  [--norm batch|layer|position|group|none] [--centered] [--groups N]
  [--b B] [--max-out M] [--logit-temperature T]       (B-cos only)
  [--input-size N]                                   (default 224, or 32 for the CIFAR stem)
  [--backend cpu|wasm|webgpu|tensorflow]             (default cpu)`;

export interface ConvertCommand {
  convert: ConvertOptions;
  backend: BackendName | 'auto';
}

const FLAGS = {
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
  backend: { type: 'string' },
} as const;

export function parseConvertArguments(argv: string[]): ConvertCommand {
  const values = parseFlags(argv, FLAGS, CONVERT_USAGE);
  const convert: ConvertOptions = {
    from: requireFlag(values.from, '--from'),
    arch: choiceFlag(requireFlag(values.arch, '--arch'), '--arch', ARCHITECTURES)!,
    out: requireFlag(values.out, '--out'),
    stem: choiceFlag(values.stem, '--stem', STEMS),
    classes: positiveIntegerFlag(values.classes, '--classes'),
    width: positiveIntegerFlag(values.width, '--width'),
    norm: values.norm as ConvertOptions['norm'],
    centered: values.centered,
    groups: positiveIntegerFlag(values.groups, '--groups'),
    b: numberFlag(values.b, '--b'),
    maxOut: positiveIntegerFlag(values['max-out'], '--max-out'),
    logitTemperature: numberFlag(values['logit-temperature'], '--logit-temperature'),
    inputSize: positiveIntegerFlag(values['input-size'], '--input-size'),
  };
  return { convert, backend: backendFlag(values.backend) ?? 'cpu' };
}
