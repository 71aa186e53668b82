import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePng } from '@bcos/backend/node';
import { describeBackends } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { writeModelInfo } from '../run/model-info';
import { explainCommand } from './explain-command';

/** The GraphModel fixture of @bcos/gradcam: an InceptionV3-like net on 11×11 images, 4 classes. */
const FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../gradcam/test-fixtures/inception-mini',
);

describeBackends(
  'bcos-explain on a GraphModel',
  ({ name: backend }) => {
    it('writes the CAM overlay of a converted model with a bcos-model.json, and refuses --method bcos', async () => {
      const root = await mkdtemp(join(tmpdir(), 'bcos-explain-graph-'));
      try {
        const model = join(root, 'model');
        await mkdir(model);
        for (const file of ['model.json', 'weights.bin'])
          await copyFile(join(FIXTURE, file), join(model, file));
        await writeModelInfo(model, {
          classNames: ['cat', 'dog', 'fox', 'owl'],
          imageShape: [11, 11, 3],
          encoding: 'rgb',
          loss: 'crossentropy',
        });
        const image = join(root, 'owl.png');
        const pixels = Uint8Array.from({ length: 11 * 11 * 3 }, (_, i) => (i * 37) % 256);
        await writePng(image, { data: pixels, width: 11, height: 11, channels: 3 });
        const out = join(root, 'out');
        const args = ['--model', model, '--image', image, '--out', out, '--backend', backend];
        await explainCommand([...args, '--method', 'gradcam++', '--layer', 'branch3x3', '--class', 'fox']);
        expect((await stat(join(out, 'owl-fox-gradcampp.png'))).size).toBeGreaterThan(0);
        await expect(explainCommand([...args, '--method', 'bcos'])).rejects.toThrow(
          /--method bcos needs a B-cos model; .* is a plain GraphModel/,
        );
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  },
  { backends: ['cpu', 'wasm'] },
);
