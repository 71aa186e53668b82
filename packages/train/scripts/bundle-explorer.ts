// Part of `npm run build`: the explorer page into dist/explorer, beside the bcos-explore CLI.
import { fileURLToPath } from 'node:url';
import { bundleExplorerPage } from '../src/explore/bundle-page';

await bundleExplorerPage(fileURLToPath(new URL('../dist/explorer/', import.meta.url)));
