import { bcosResnet18, resnet18 } from '@bcos/resnet';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { withSeededRandom } from '../loop/seeded-init';
import type { RunConfig } from './config-schema';

/** The model a config names, for the dataset's image shape and classes, initialised from the seed. */
export function buildModel(
  config: RunConfig['model'],
  imageShape: readonly [number, number, number],
  classes: number,
  seed: number,
): LayersModel {
  const [h, w, c] = imageShape;
  if (config.arch === 'bcosResnet18' && c !== 3)
    throw new Error(
      `model.arch bcosResnet18 takes RGB images (as their 6-channel encoding), but the data has ${c} channel${c === 1 ? '' : 's'}; ` +
        (c === 1 ? 'set data.channels: 3 to repeat the grey value into RGB' : 'use 3-channel data'),
    );
  return withSeededRandom(seed, () =>
    config.arch === 'bcosResnet18'
      ? bcosResnet18({
          stem: config.stem,
          classes,
          // B-cos models take the 6-channel encoding [r, g, b, 1−r, 1−g, 1−b] of RGB images.
          inputShape: [h, w, 2 * c],
          width: config.width,
          b: config.b,
          maxOut: config.maxOut,
          norm: config.norm,
          logitTemperature: config.logitTemperature,
        })
      : resnet18({
          stem: config.stem,
          classes,
          inputShape: [h, w, c],
          width: config.width,
          norm: config.norm ?? 'batch',
        }),
  );
}
