import type { DatasetId } from '@bcos/datasets';
import { download } from '@bcos/datasets/node';
import type { ExampleFlags } from './cli';
import type { ExampleOutput } from './output';

/** With --download, fetches and verifies the dataset into --data-dir (a no-op when it is already there). */
export async function downloadIfAsked(
  flags: ExampleFlags,
  dataset: DatasetId,
  output: ExampleOutput,
): Promise<void> {
  if (!flags.download || !flags.dataDir) return;
  output.log(`download: ${dataset} into ${flags.dataDir}`);
  const { files } = await download(dataset, flags.dataDir);
  output.log(`download: ${files.length} verified file(s)`);
}
