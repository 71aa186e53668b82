import type { BackendName } from '@bcos/backend';
import {
  loadRecipe,
  loadRecipeData,
  type RunResults,
  recipeRunConfig,
  runRecipe,
  startBackend,
} from '@bcos/example-shared';
import type { ProgressStream } from '@bcos/train';
import { demoFacesSource } from './faces';

/** One model to train, as handed to a child process (JSON). */
export interface TrainingJob {
  label: string;
  title: string;
  recipe: string;
  out: string;
  facesDir: string;
  imageSize: number;
  backend?: BackendName;
  /** A merge patch over the recipe. */
  overrides?: Record<string, unknown>;
  /** Whether progress is drawn as bars (the parent's output is a terminal). */
  interactive: boolean;
  columns?: number;
}

export type JobMessage = { kind: 'output'; text: string } | { kind: 'done'; results: RunResults };

/** Trains the job's model on the generated faces; everything it prints goes through `send`. */
export async function runTrainingJob(
  job: TrainingJob,
  send: (message: JobMessage) => void,
): Promise<RunResults> {
  const stream: ProgressStream = {
    isTTY: job.interactive,
    columns: job.columns,
    write: (text: string) => send({ kind: 'output', text }),
  };
  const backend = await startBackend(job.backend, (line) => stream.write(`${line}\n`));
  const recipe = await loadRecipe(job.recipe, { overrides: job.overrides });
  const config = recipeRunConfig(recipe, demoFacesSource(job.facesDir, job.imageSize), job.out);
  const { model, results } = await runRecipe({
    config,
    data: await loadRecipeData(config),
    title: job.title,
    backend,
    progress: stream,
    printSummary: false,
  });
  model.dispose();
  return results;
}
