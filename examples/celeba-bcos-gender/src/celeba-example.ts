import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFaces } from '@bcos/datasets/node';
import {
  CONSOLE_OUTPUT,
  DATA_FLAGS,
  describePerClass,
  describeRun,
  describeSplit,
  downloadIfAsked,
  type ExampleFlags,
  type ExampleOutput,
  exampleFlags,
  flagHelp,
  loadRecipe,
  loadRecipeData,
  parseFlags,
  positiveIntegerFlag,
  type Recipe,
  RUN_FLAGS,
  type RunResults,
  recipeRunConfig,
  runRecipe,
  SYNTHETIC_FLAG,
  splitResult,
  startBackend,
  UsageError,
} from '@bcos/example-shared';
import type { EpochRecord } from '@bcos/train';

/** config.json beside src/ and dist/: our recipe (64×64, CIFAR stem, BCE, plateau schedule), the default. */
export const RECIPE = fileURLToPath(new URL('../config.json', import.meta.url));
/** seed.json: the seed notebook's recipe (224×224, ImageNet stem, cross-entropy, exponential decay, 4 epochs). */
export const SEED_RECIPE = fileURLToPath(new URL('../seed.json', import.meta.url));

/** The official aligned images; a centred square as wide as they are holds the face. */
const CELEBA_IMAGE = { width: 178, height: 218 } as const;

const FLAGS = {
  ...DATA_FLAGS,
  ...SYNTHETIC_FLAG,
  ...RUN_FLAGS,
  'image-size': { type: 'string' },
  stem: { type: 'string' },
  cache: { type: 'string' },
} as const;

export const USAGE = `usage: node examples/celeba-bcos-gender/dist/main.js (--data-dir DIR | --synthetic) [options]

B-cos ResNet-18 on CelebA's train split with the label Male, validation accuracy per class
(Female/Male) after every epoch, the test split at the end, and the report with B-cos explanations
beside Grad-CAM. Recipes: config.json (default: 64×64, binary cross-entropy, learning rate reduced on
validation-loss plateaus) or --config examples/celeba-bcos-gender/seed.json (the seed's: 224×224,
cross-entropy, Adam 0.01 decayed to 0.001 over 4 epochs, its 4 first test images in the report).
--data-dir holds CelebA in the official layout (img_align_celeba/, list_attr_celeba.txt,
list_eval_partition.txt) or Kaggle's (the same tables as .csv, or its archive.zip), detected.

${flagHelp(FLAGS)}
  --image-size N      side of the centre-cropped faces (default 64; 128 and 224 work too)
  --stem NAME         cifar (3×3 conv, no pooling; default) or imagenet (7×7/2 conv + max-pool, for 128/224)
  --cache DIR         keep the decoded, resized images in DIR, so that later epochs and runs skip decoding`;

function celebaOverrides(values: { 'image-size'?: string; stem?: string }): Record<string, unknown> {
  const imageSize = positiveIntegerFlag(values['image-size'], '--image-size');
  if (imageSize !== undefined && imageSize < 32)
    throw new UsageError(`--image-size must be ≥ 32, got ${imageSize}`);
  const stem = values.stem;
  if (stem !== undefined && stem !== 'cifar' && stem !== 'imagenet')
    throw new UsageError(`--stem must be cifar or imagenet, got '${stem}'`);
  return {
    ...(imageSize === undefined ? {} : { data: { imageSize } }),
    ...(stem === undefined ? {} : { model: { stem } }),
  };
}

/** The CelebA folder and the square its images are cropped to: the real one, or generated faces. */
async function celebaRoot(flags: ExampleFlags, recipe: Recipe, output: ExampleOutput) {
  if (!flags.synthetic) {
    await downloadIfAsked(flags, 'celeba', output);
    return { root: flags.dataDir!, crop: CELEBA_IMAGE.width };
  }
  const sizes = recipe.data.generated;
  if (!sizes?.val)
    throw new Error(`recipe ${flags.config}: --synthetic needs data.generated {train, val, test}`);
  const { width = CELEBA_IMAGE.width, height = CELEBA_IMAGE.height } = sizes;
  output.log(`data: generating ${sizes.train + sizes.val + sizes.test} faces of ${width}×${height}`);
  const { dir } = await generateFaces({
    dir: join(flags.out, 'data', 'faces'),
    n: sizes.train + sizes.val + sizes.test,
    seed: recipe.seed,
    size: { width, height },
    partition: [sizes.train, sizes.val, sizes.test],
  });
  return { root: dir, crop: Math.min(width, height) };
}

function perClassEveryEpoch(classNames: readonly string[], output: ExampleOutput) {
  return {
    onEpochEnd(record: EpochRecord) {
      if (!record.val) return;
      const val = splitResult(record.val, classNames);
      output.log(`epoch ${record.epoch}: ${describeSplit('validation', val)}; ${describePerClass(val)}`);
    },
  };
}

/** Runs the example with command-line arguments; returns what results.json holds. */
export async function celebaExample(argv: readonly string[], output = CONSOLE_OUTPUT): Promise<RunResults> {
  const values = parseFlags(argv, FLAGS, USAGE);
  const flags = exampleFlags(values, { config: RECIPE, out: 'runs/celeba-bcos-gender' });
  const recipe = await loadRecipe(flags.config, {
    synthetic: flags.synthetic,
    overrides: { ...flags.overrides, ...celebaOverrides(values) },
  });
  const backend = await startBackend(flags.backend, output.log);
  const { root, crop } = await celebaRoot(flags, recipe, output);
  const size = recipe.data.imageSize ?? 64;
  const { cache } = values;
  const source = { format: 'celeba', dir: root, attribute: 'Male', crop, size, cache } as const;
  const config = recipeRunConfig(recipe, source, flags.out);
  const data = await loadRecipeData(config);
  output.log(
    `data: ${data.train.size} training / ${data.val?.size} validation / ${data.test.size} test faces of ${size}×${size} from ${root}`,
  );
  const { model, results, resultsFile } = await runRecipe({
    config,
    data,
    title: `B-cos ResNet-18 on ${flags.synthetic ? 'generated faces' : 'CelebA'}: Male`,
    backend,
    callbacks: perClassEveryEpoch(data.train.classNames, output),
    progress: output.progress,
  });
  model.dispose();
  output.log(describeRun(results));
  output.log(`${describeSplit('test', results.test)}; ${describePerClass(results.test)}`);
  output.log(`results: ${resultsFile}`);
  if (results.report) {
    output.log(
      `report: ${results.report} (B-cos explanations and Grad-CAM of single test images in images/)`,
    );
    if (config.report.first)
      output.log(
        `report: the first ${config.report.first} test images with predicted class, probability and B-cos explanation (images/first-*)`,
      );
  }
  return results;
}
