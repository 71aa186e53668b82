import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGENET_NORMALIZATION } from '@bcos/augment';
import { modelClassNames } from '@bcos/resnet/node';
import { z } from 'zod';
import { defaultLoss } from '../losses/loss';
import type { ModelInfo } from './model-info';

/** The part of bcos-convert's `userDefinedMetadata.bcos` (ConvertedModelMetadata of @bcos/resnet) a ModelInfo needs. */
const convertedSchema = z.object({
  arch: z.string(),
  classes: z.number().int().positive(),
  inputShape: z.tuple([
    z.number().int().positive(),
    z.number().int().positive(),
    z.number().int().positive(),
  ]),
});

/**
 * The ModelInfo of a bcos-convert output (no bcos-model.json): a 6-channel input is a B-cos model
 * (B-cos v2's ImageNet models are trained with binary cross-entropy), any other a torchvision model
 * (cross-entropy, ImageNet normalisation). Class names come from `classNamesFile`, else
 * `class 0` … `class N−1`. Undefined when model.json has no bcos-convert metadata.
 */
export async function convertedModelInfo(
  directory: string,
  classNamesFile?: string,
): Promise<ModelInfo | undefined> {
  const modelJson = join(directory, 'model.json');
  let json: { userDefinedMetadata?: { bcos?: unknown } };
  try {
    json = JSON.parse(await readFile(modelJson, 'utf8'));
  } catch {
    return undefined;
  }
  return convertedInfoOf(json, modelJson, classNamesFile);
}

/** The ModelInfo a parsed model.json's bcos-convert metadata implies (undefined without); errors name `source`. */
export async function convertedInfoOf(
  json: { userDefinedMetadata?: { bcos?: unknown } },
  source: string,
  classNamesFile?: string,
): Promise<ModelInfo | undefined> {
  const metadata = json.userDefinedMetadata?.bcos;
  if (metadata === undefined) return undefined;
  const parsed = convertedSchema.safeParse(metadata);
  if (!parsed.success)
    throw new Error(`${source}: userDefinedMetadata.bcos is not bcos-convert's: ${parsed.error.message}`);
  const { classes, inputShape } = parsed.data;
  const [height, width, channels] = inputShape;
  const bcos = channels === 6;
  return {
    classNames: await modelClassNames(classes, classNamesFile, '--class-names'),
    imageShape: [height, width, bcos ? 3 : channels],
    encoding: bcos ? 'bcos' : 'rgb',
    loss: defaultLoss(bcos ? 'bcos' : 'rgb'),
    ...(bcos ? {} : { normalize: IMAGENET_NORMALIZATION }),
  };
}
