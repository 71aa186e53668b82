import { describe, expect, it } from 'vitest';
import { nodeLeaks } from './node-leaks';

/** Every package's main entry, as a browser bundler resolves it (`browser` condition first). */
const BROWSER_ENTRIES = [
  '@bcos/backend',
  '@bcos/layers',
  '@bcos/resnet',
  '@bcos/augment',
  '@bcos/gradcam',
  '@bcos/datasets',
];

describe('browser bundles', () => {
  for (const published of [false, true]) {
    const from = published ? 'dist/, as published' : 'sources';
    for (const entry of BROWSER_ENTRIES) {
      it(`${entry} (${from}) bundles for the browser with no Node built-in`, async () => {
        const leaks = await nodeLeaks(entry, import.meta.dirname, { published });
        const report = leaks.map(({ chain }) => `  ${chain.join(' → ')}`).join('\n');
        expect(leaks, `Node-only imports in ${entry}'s browser bundle:\n${report}`).toEqual([]);
      });
    }
  }

  it('names the import chain of a leak (the Node entry of @bcos/backend has them)', async () => {
    const leaks = await nodeLeaks('@bcos/backend/node', import.meta.dirname);
    const atomicWrite = leaks.find(({ chain }) => chain.some((file) => file.endsWith('io/atomic-write.ts')));
    expect(atomicWrite?.chain[0]).toBe('<stdin>');
    expect(atomicWrite?.chain.at(-1)).toMatch(/^node:/);
  });
});
