#!/usr/bin/env node
import { initBackend } from '@bcos/backend';
import { backendFlag, parseFlags, positiveIntegerFlag, requireFlag, runCli } from '@bcos/backend/node';
import { explainFolder, type FolderReport } from './explain-folder';

const USAGE = `usage: pretrained-explain --model converted-model-dir --images photo-folder --out output-folder
  [--top 5] [--class-names names.json] [--layer layer4.1] [--backend cpu|wasm|webgpu|tensorflow]`;

const FLAGS = {
  model: { type: 'string' },
  images: { type: 'string' },
  out: { type: 'string' },
  top: { type: 'string' },
  'class-names': { type: 'string' },
  layer: { type: 'string' },
  backend: { type: 'string' },
} as const;

function options(argv: string[]) {
  const values = parseFlags(argv, FLAGS, USAGE);
  const backend = backendFlag(values.backend);
  return {
    explain: {
      model: requireFlag(values.model, '--model'),
      images: requireFlag(values.images, '--images'),
      out: requireFlag(values.out, '--out'),
      top: positiveIntegerFlag(values.top, '--top') ?? 5,
      classNames: values['class-names'],
      gradcamLayer: values.layer,
    },
    backend: backend === 'auto' ? undefined : backend,
  };
}

function printReport(report: FolderReport): void {
  for (const image of report.images) {
    console.log(`\n${image.file}`);
    for (const [rank, c] of image.top.entries()) {
      console.log(
        `  ${rank + 1}. ${c.name} (${(100 * c.probability).toFixed(1)}%, logit ${c.logit.toFixed(3)})`,
      );
    }
    console.log(`  ${[image.bcos, image.gradcam].filter(Boolean).join(', ')}`);
  }
}

runCli(USAGE, async (argv) => {
  const { explain, backend } = options(argv);
  const info = await initBackend({ backend });
  console.log(`backend: ${info.name} (${info.description})`);
  printReport(await explainFolder(explain));
});
