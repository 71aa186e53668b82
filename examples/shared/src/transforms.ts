import { cifarTrainAugment, normalize, type Transform } from '@bcos/augment';
import type { InputEncoding } from '@bcos/train';
import type { Recipe } from './recipe';

export interface RecipeTransforms {
  augment?: Transform;
  evalTransform?: Transform;
  /** The normalisation both apply (plain models with mean/std only). */
  normalize?: { mean: number[]; std: number[] };
}

/**
 * Training and evaluation transforms of a recipe. Plain models are normalised with the recipe's
 * mean/std; B-cos models take the 6-channel encoding of images in [0, 1] instead, so never.
 */
export function recipeTransforms(recipe: Recipe, encoding: InputEncoding): RecipeTransforms {
  const { preset, mean, std } = recipe.augment;
  const stats = encoding === 'rgb' && mean && std ? { mean, std } : undefined;
  const evalTransform = stats ? normalize(stats) : undefined;
  const augment = preset === 'cifar' ? cifarTrainAugment(stats ?? { mean: 0, std: 1 }) : evalTransform;
  return { augment, evalTransform, normalize: stats };
}
