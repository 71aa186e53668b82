import { fileURLToPath } from 'node:url';
import {
  CONSOLE_OUTPUT,
  DATA_FLAGS,
  describePerClass,
  describeRun,
  describeSplit,
  downloadIfAsked,
  exampleFlags,
  flagHelp,
  loadRecipe,
  loadRecipeData,
  parseFlags,
  RUN_FLAGS,
  type RunResults,
  recipeRunConfig,
  runRecipe,
  startBackend,
} from '@bcos/example-shared';

const recipe = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

/** The recipes beside src/ and dist/: the seed's LayerNorm recipe, the B-cos one, and the short CPU run. */
export const RECIPES = {
  layernorm: recipe('config.json'),
  bcos: recipe('bcos.json'),
  short: recipe('short.json'),
};

/** Where Debian's dataset-fashion-mnist puts the IDX files. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

const FLAGS = { ...DATA_FLAGS, ...RUN_FLAGS };

export const USAGE = `usage: node examples/fashion-mnist/dist/main.js --data-dir DIR [--download] [options]

The seed's LayerNorm ResNet-18 recipe (config.json) on Fashion-MNIST padded to 32×32 (grey
repeated into RGB); --config bcos.json trains the B-cos ResNet-18, --config short.json is the
short CPU run of the tests. --data-dir holds the four IDX files, gzipped or not
(Debian's dataset-fashion-mnist: ${DEBIAN_FASHION_MNIST}).

${flagHelp(FLAGS)}`;

/** Runs the example with command-line arguments; returns what results.json holds. */
export async function fashionMnistExample(
  argv: readonly string[],
  output = CONSOLE_OUTPUT,
): Promise<RunResults> {
  const flags = exampleFlags(parseFlags(argv, FLAGS, USAGE), {
    config: RECIPES.layernorm,
    out: 'runs/fashion-mnist',
  });
  const recipe = await loadRecipe(flags.config, { overrides: flags.overrides });
  const backend = await startBackend(flags.backend, output.log);
  await downloadIfAsked(flags, 'fashion-mnist', output);
  const source = { format: 'fashionMnist', dir: flags.dataDir!, padTo: 32, channels: 3 } as const;
  const config = recipeRunConfig(recipe, source, flags.out);
  const data = await loadRecipeData(config);
  output.log(`data: ${data.train.size} training / ${data.test.size} test images from ${flags.dataDir}`);
  const { model, results, resultsFile } = await runRecipe({
    config,
    data,
    title: `${recipe.model.arch === 'bcosResnet18' ? 'B-cos ResNet-18' : 'ResNet-18 (LayerNorm)'} on Fashion-MNIST`,
    backend,
    progress: output.progress,
  });
  model.dispose();
  output.log(describeRun(results));
  output.log(describeSplit('test', results.test));
  output.log(`per class: ${describePerClass(results.test)}`);
  output.log(`results: ${resultsFile}`);
  if (results.report) output.log(`report: ${results.report}`);
  return results;
}
