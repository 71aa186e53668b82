#!/usr/bin/env node
import { initBackend } from '@bcos/backend';
import { runCli } from '@bcos/backend/node';
import { convertCheckpoint } from '../convert-checkpoint';
import { summary } from '../summary';
import { CONVERT_USAGE, parseConvertArguments } from './convert-arguments';

async function main(argv: string[]): Promise<void> {
  const { convert, backend } = parseConvertArguments(argv);
  await initBackend({ backend });
  const { model, metadata, loaded, ignored } = await convertCheckpoint(convert);
  const { trainable, nonTrainable } = summary(model);
  console.log(
    `${metadata.arch} (${metadata.stem} stem, width ${metadata.width}, ${metadata.classes} classes, ${metadata.norm} norm, input ${metadata.inputShape.join('×')})`,
  );
  console.log(
    `loaded ${loaded.length} tensors (${ignored.length} unused buffers skipped): ${trainable + nonTrainable} parameters`,
  );
  console.log(`wrote ${convert.out}/model.json and weights.bin`);
  model.dispose();
}

runCli(CONVERT_USAGE, main, import.meta.url);
