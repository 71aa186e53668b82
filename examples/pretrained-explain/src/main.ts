#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { initBackend } from '@bcos/backend';
import { explainFolder, type FolderReport } from './explain-folder';

const USAGE = `usage: pretrained-explain --model converted-model-dir --images photo-folder --out output-folder
  [--top 5] [--class-names names.json] [--layer layer4.1] [--backend cpu|wasm|webgpu|tensorflow]`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' },
      images: { type: 'string' },
      out: { type: 'string' },
      top: { type: 'string', default: '5' },
      'class-names': { type: 'string' },
      layer: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const { model, images, out } = values;
  if (!model || !images || !out) throw new Error(`--model, --images and --out are required\n${USAGE}`);
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw new Error(`--top must be a positive integer, got '${values.top}'`);
  return {
    explain: { model, images, out, top, classNames: values['class-names'], gradcamLayer: values.layer },
    backend: values.backend,
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

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const { explain, backend } = options(argv);
  const info = await initBackend({ backend });
  console.log(`backend: ${info.name} (${info.description})`);
  printReport(await explainFolder(explain));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
