export {
  backendFlag,
  DATA_FLAGS,
  type ExampleFlags,
  exampleFlags,
  type FlagValues,
  flagHelp,
  integerFlag,
  parseFlags,
  RUN_FLAGS,
  runMain,
  SYNTHETIC_FLAG,
  startBackend,
  UsageError,
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
