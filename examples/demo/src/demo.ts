import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '@bcos/backend';
import { writeFileAtomic } from '@bcos/backend/node';
import {
  CONSOLE_OUTPUT,
  describePerClass,
  type ExampleOutput,
  percent,
  type RunResults,
  startBackend,
} from '@bcos/example-shared';
import { evaluate, loadTrainedModel, Progress, pipelineFor } from '@bcos/train';
import { bcosContributions, gradcamMaps, type TrainedModel } from './attribution-methods';
import { type Comparison, compareExplanations } from './comparison';
import { demoPageHtml, type LocalisationSummary } from './demo-page';
import { type DemoFaces, type FaceCounts, generateDemoFaces, readDemoFaces } from './faces';
import { mean } from './localisation';
import { trainInParallel } from './parallel-training';
import type { TrainingJob } from './training-job';

const recipeFile = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

export interface DemoOptions {
  out: string;
  backend?: BackendName;
  faces?: FaceCounts;
  /** Side of the square faces the models see. */
  imageSize?: number;
  /** A merge patch over both recipes, e.g. `{epochs: 2, batchSize: 16}`. */
  overrides?: Record<string, unknown>;
  /** Test images scored for localisation (at most). */
  localisationImages?: number;
  /** Images drawn side by side. */
  galleryImages?: number;
  output?: ExampleOutput;
}

export interface DemoSummary {
  index: string;
  models: Array<{ label: string; results: RunResults }>;
  localisation: LocalisationSummary[];
  /** Mean share of the image the masks cover: the score of an evenly spread map. */
  maskArea: number;
  /** Test images scored. */
  images: number;
  seconds: number;
  /** The command that opens both models in the in-browser explorer (run from the current folder). */
  explore: string;
}

export const DEMO_DEFAULTS = {
  faces: { train: 800, val: 100, test: 300 },
  imageSize: 32,
  localisationImages: 200,
  galleryImages: 8,
} as const;

const MODELS = [
  { key: 'bcos', label: 'B-cos ResNet-18', recipe: recipeFile('bcos.json') },
  { key: 'layernorm', label: 'LayerNorm ResNet-18', recipe: recipeFile('layernorm.json') },
] as const;

function trainingJobs(options: DemoOptions, facesDir: string, backend: BackendName): TrainingJob[] {
  const terminal = (options.output ?? CONSOLE_OUTPUT).progress;
  return MODELS.map((model) => ({
    label: model.label,
    title: `${model.label} on generated faces (label Male)`,
    recipe: model.recipe,
    out: join(options.out, model.key),
    facesDir,
    imageSize: options.imageSize ?? DEMO_DEFAULTS.imageSize,
    backend,
    overrides: options.overrides,
    interactive: terminal?.isTTY === true,
    columns: terminal?.columns,
  }));
}

/** `bcos-explore` on both runs, with paths as typed from the current folder. */
function exploreCommand(out: string): string {
  const runs = MODELS.map((model) => relative(process.cwd(), join(out, model.key)) || '.');
  return `npx --no-install bcos-explore ${runs.join(' ')}`;
}

/** The model a training job saved, with the input pipeline it was saved with. */
async function loadTrained(model: (typeof MODELS)[number], results: RunResults): Promise<TrainedModel> {
  const { model: trained, info } = await loadTrainedModel(results.modelDir);
  return { label: model.label, model: trained, pipeline: pipelineFor(info) };
}

/** Test images every model classifies correctly, in test order. */
async function correctForAll(trained: readonly TrainedModel[], faces: DemoFaces): Promise<number[]> {
  const correct = new Array<boolean>(faces.test.size).fill(true);
  for (const { model, pipeline } of trained) {
    const input = { evalTransform: pipeline.evalTransform, encoding: pipeline.encoding };
    const { predictions } = await evaluate(model, faces.test, { input, predictions: true });
    predictions!.indices.forEach((index, i) => {
      if (predictions!.predicted[i] !== predictions!.labels[i]) correct[index] = false;
    });
  }
  return correct.flatMap((ok, index) => (ok ? [index] : []));
}

async function explainAndScore(
  options: DemoOptions,
  trained: [TrainedModel, TrainedModel],
  faces: DemoFaces,
) {
  const [bcos, layernorm] = trained;
  const indices = await correctForAll(trained, faces);
  return compareExplanations({
    methods: [bcosContributions(bcos), gradcamMaps(bcos), gradcamMaps(layernorm)],
    bcos,
    test: faces.test,
    indices: indices.slice(0, options.localisationImages ?? DEMO_DEFAULTS.localisationImages),
    testMasks: faces.testMasks,
    directory: options.out,
    galleryCount: options.galleryImages ?? DEMO_DEFAULTS.galleryImages,
    progress: new Progress((options.output ?? CONSOLE_OUTPUT).progress),
  });
}

async function prepareFaces(options: DemoOptions, step: (n: number, text: string) => void) {
  const counts = options.faces ?? DEMO_DEFAULTS.faces;
  const dir = join(options.out, 'data', 'faces');
  const total = counts.train + counts.val + counts.test;
  step(1, `generating ${total} faces (${counts.train} train, ${counts.val} validation, ${counts.test} test)`);
  await generateDemoFaces(dir, counts, 0);
  return { dir, faces: await readDemoFaces(dir, options.imageSize ?? DEMO_DEFAULTS.imageSize) };
}

async function writeDemoReport(
  options: DemoOptions,
  results: RunResults[],
  comparison: Comparison,
  faces: DemoFaces,
  started: number,
): Promise<DemoSummary> {
  const summary: DemoSummary = {
    index: join(options.out, 'index.html'),
    models: results.map((r, i) => ({ label: MODELS[i]!.label, results: r })),
    localisation: comparison.scores.map((s) => ({
      label: s.label,
      maskShare: mean(s.maskShare),
      pointingGame: mean(s.pointingGame.map(Number)),
    })),
    maskArea: mean(comparison.maskArea),
    images: comparison.maskArea.length,
    seconds: (performance.now() - started) / 1000,
    explore: exploreCommand(options.out),
  };
  const page = {
    ...summary,
    directory: options.out,
    classNames: faces.train.classNames,
    gallery: comparison.gallery,
  };
  await writeFileAtomic(summary.index, demoPageHtml(page));
  await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/**
 * The demo: generates faces, trains a reduced-width B-cos ResNet-18 and a LayerNorm ResNet-18 (at
 * the same time, one process each), writes both training reports, scores B-cos explanations and
 * Grad-CAM against the generated masks, and writes `<out>/index.html` and `<out>/summary.json`.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const output = options.output ?? CONSOLE_OUTPUT;
  const step = (n: number, text: string) => output.log(`\n[${n}/4] ${text}`);
  const backend = await startBackend(options.backend, output.log);
  const { dir, faces } = await prepareFaces(options, step);
  step(2, `training the ${MODELS.map((m) => m.label).join(' and the ')} side by side`);
  const results = await trainInParallel(trainingJobs(options, dir, backend), output);
  for (const [i, r] of results.entries())
    output.log(
      `${MODELS[i]!.label}: test accuracy ${percent(r.test.accuracy)} (${describePerClass(r.test)})`,
    );
  const trained: [TrainedModel, TrainedModel] = [
    await loadTrained(MODELS[0], results[0]!),
    await loadTrained(MODELS[1], results[1]!),
  ];
  try {
    step(3, 'explaining test images: B-cos explanations and Grad-CAM, scored against the masks');
    const comparison = await explainAndScore(options, trained, faces);
    step(4, 'writing the report');
    return await writeDemoReport(options, results, comparison, faces, started);
  } finally {
    for (const { model } of trained) model.dispose();
  }
}
