// Part of `npm run build`: the explorer page into dist/explorer, beside the bcos-explore CLI.
import { fileURLToPath } from 'node:url';
import { bundleBrowserPage } from '../../../browser-page.shared';

await bundleBrowserPage({
  entry: fileURLToPath(new URL('../src/explore/page/main.ts', import.meta.url)),
  html: fileURLToPath(new URL('../src/explore/page/index.html', import.meta.url)),
  outDir: fileURLToPath(new URL('../dist/explorer/', import.meta.url)),
});
