// The flag parsing of every CLI is @bcos/backend's; re-exported for the examples' mains.
export {
  backendFlag,
  parseFlags,
  positiveIntegerFlag,
  runCli as runMain,
  UsageError,
} from '@bcos/backend/node';
export {
  DATA_FLAGS,
  type ExampleFlags,
  type ExampleFlagValues,
  exampleFlags,
  flagHelp,
  RUN_FLAGS,
  SYNTHETIC_FLAG,
  startBackend,
} from './cli';
export { downloadIfAsked } from './download-data';
export { mergePatch } from './merge-patch';
export { CONSOLE_OUTPUT, type ExampleOutput } from './output';
export {
  type LoadRecipeOptions,
  loadRecipe,
  parseRecipe,
  type Recipe,
  recipeSchema,
  SYNTHETIC_SECTION,
} from './recipe';
export {
  describePerClass,
  describeRun,
  describeSplit,
  misclassifiedCount,
  percent,
  RESULTS_FILE,
  type RunResults,
  type SplitResult,
  splitResult,
  writeResults,
} from './results';
export { type DataSource, recipeRunConfig } from './run-config';
export { type RecipeRun, type RunRecipeOptions, runRecipe } from './run-recipe';
export { loadRecipeData, type Splits } from './splits';
