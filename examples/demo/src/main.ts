import { resolve } from 'node:path';
import { backendFlag, parseFlags, percent, runMain } from '@bcos/example-shared';
import { type DemoSummary, runDemo } from './demo';

const USAGE = `usage: npm run demo -- [--out DIR] [--backend NAME]

Offline, a few minutes on two CPU cores: generated faces → a B-cos and a LayerNorm ResNet-18 →
reports, and B-cos explanations vs Grad-CAM scored against the generated masks.

  --out DIR        output folder (default runs/demo)
  --backend NAME   tensorflow | webgpu | wasm | cpu (default: the fastest that starts)`;

function headline(summary: DemoSummary): string {
  const models = summary.models.map(
    (m) =>
      `  ${m.label.padEnd(22)} test accuracy ${percent(m.results.test.accuracy, 1)} (${m.results.test.misclassified} of ${m.results.test.count} misclassified)`,
  );
  const localisation = summary.localisation.map(
    (l) =>
      `  ${l.label.padEnd(44)} ${percent(l.maskShare, 1).padStart(6)} inside the mask, pointing game ${percent(l.pointingGame, 1)}`,
  );
  return [
    '',
    ...models,
    `localisation on ${summary.images} test faces (masks cover ${percent(summary.maskArea, 1)} of an image on average):`,
    ...localisation,
    `done in ${summary.seconds.toFixed(0)} s`,
    `report: ${summary.index}`,
    'explain your own images with both models in the browser (serves http://127.0.0.1 until Ctrl-C):',
    `  ${summary.explore}`,
  ].join('\n');
}

runMain(USAGE, async (argv) => {
  const flags = parseFlags(argv, { out: { type: 'string' }, backend: { type: 'string' } }, USAGE);
  const backend = backendFlag(flags.backend);
  const summary = await runDemo({
    out: resolve(flags.out ?? 'runs/demo'),
    backend: backend === 'auto' ? undefined : backend,
  });
  console.log(headline(summary));
});
