import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateShapes } from '@bcos/datasets/node';
import {
  CONSOLE_OUTPUT,
  DATA_FLAGS,
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
  type Recipe,
  RUN_FLAGS,
  type RunResults,
  recipeRunConfig,
  runRecipe,
  SYNTHETIC_FLAG,
  startBackend,
} from '@bcos/example-shared';

/** config.json beside src/ and dist/. */
export const RECIPE = fileURLToPath(new URL('../config.json', import.meta.url));

const FLAGS = { ...DATA_FLAGS, ...SYNTHETIC_FLAG, ...RUN_FLAGS };

export const USAGE = `usage: node examples/cifar10-layernorm-gradcam/dist/main.js (--data-dir DIR [--download] | --synthetic) [options]

The seed recipe: ResNet-18 (CIFAR stem) with LayerNorm on CIFAR-10, 40 epochs, then the report of
@bcos/train with accuracy curves and Grad-CAM on 20 misclassified test images.
--data-dir takes the cifar-10-batches-bin folder, the folder holding it or cifar-10-binary.tar.gz.

${flagHelp(FLAGS)}`;

/** The CIFAR-10 folder: downloaded, generated (shapes in the CIFAR-10 format) or as given. */
async function cifarFolder(flags: ExampleFlags, recipe: Recipe, output: ExampleOutput): Promise<string> {
  if (!flags.synthetic) {
    await downloadIfAsked(flags, 'cifar-10', output);
    return flags.dataDir!;
  }
  const sizes = recipe.data.generated;
  if (!sizes) throw new Error(`recipe ${flags.config}: --synthetic needs data.generated {train, test}`);
  output.log(`data: generating ${sizes.train} training and ${sizes.test} test images of shapes`);
  const { dir } = await generateShapes({
    dir: join(flags.out, 'data', 'shapes'),
    n: sizes.train,
    testCount: sizes.test,
    seed: recipe.seed,
  });
  return dir;
}

/** Runs the example with command-line arguments; returns what results.json holds. */
export async function cifar10Example(argv: readonly string[], output = CONSOLE_OUTPUT): Promise<RunResults> {
  const flags = exampleFlags(parseFlags(argv, FLAGS, USAGE), {
    config: RECIPE,
    out: 'runs/cifar10-layernorm-gradcam',
  });
  const recipe = await loadRecipe(flags.config, { synthetic: flags.synthetic, overrides: flags.overrides });
  const backend = await startBackend(flags.backend, output.log);
  const folder = await cifarFolder(flags, recipe, output);
  const config = recipeRunConfig(recipe, { format: 'cifar10', dir: folder }, flags.out);
  const data = await loadRecipeData(config);
  output.log(`data: ${data.train.size} training / ${data.test.size} test images from ${folder}`);
  const { model, results, resultsFile } = await runRecipe({
    config,
    data,
    title: `ResNet-18 (LayerNorm) on ${flags.synthetic ? 'generated shapes' : 'CIFAR-10'}`,
    backend,
    progress: output.progress,
  });
  model.dispose();
  output.log(describeRun(results));
  output.log(describeSplit('test', results.test));
  output.log(`results: ${resultsFile}`);
  if (results.report) output.log(`report: ${results.report}`);
  return results;
}
