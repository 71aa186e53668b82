import { type BcosNorm, bcosResnet18, type PlainNorm, resnet18 } from '@bcos/resnet';
import { withSeededRandom } from '@bcos/train';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Recipe } from './recipe';

/** The recipe's model for images of `imageShape` and `classes` classes, initialised from the recipe's seed. */
export function buildModel(
  recipe: Recipe,
  imageShape: readonly [number, number, number],
  classes: number,
): LayersModel {
  const { model } = recipe;
  const [height, width, channels] = imageShape;
  return withSeededRandom(recipe.seed, () =>
    model.arch === 'bcosResnet18'
      ? bcosResnet18({
          stem: model.stem,
          classes,
          // B-cos models take the 6-channel encoding [r, g, b, 1−r, 1−g, 1−b] of RGB images.
          inputShape: [height, width, 2 * channels],
          width: model.width,
          b: model.b,
          maxOut: model.maxOut,
          norm: model.norm as BcosNorm | undefined,
          logitTemperature: model.logitTemperature,
        })
      : resnet18({
          stem: model.stem,
          classes,
          inputShape: [height, width, channels],
          width: model.width,
          norm: (model.norm ?? 'batch') as PlainNorm,
        }),
  );
}
