import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePng } from '@bcos/backend/node';
import { describeBackends } from '@bcos/backend/testing';
import { convertCheckpoint } from '@bcos/resnet/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { evalCommand } from './eval-command';
import { explainCommand } from './explain-command';

/** The reduced-width official B-cos v2 ResNet-18 (ImageNet stem, 10 classes) of fixtures/official-bcos-resnet. */
const CHECKPOINT = fileURLToPath(
  new URL(
    '../../../../fixtures/official-bcos-resnet/bcos_resnet18_w16_imagenet_bnu.safetensors',
    import.meta.url,
  ),
);
const SIZE = 32;
const NAMES = [
  'tench',
  'goldfish',
  'shark',
  'tiger shark',
  'hammerhead',
  'ray',
  'stingray',
  'cock',
  'hen',
  'ostrich',
];

/** What `run` logs to the console. */
async function logged(run: () => Promise<void>): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await run();
    return log.mock.calls.map((call) => call.join(' ')).join('\n');
  } finally {
    log.mockRestore();
  }
}

const picture = (seed: number) => ({
  data: Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (i * 37 + seed * 101) % 256),
  width: SIZE,
  height: SIZE,
  channels: 3 as const,
});

describeBackends(
  'a bcos-convert output used by bcos-explain and bcos-eval without a bcos-model.json',
  ({ name: backend }) => {
    let root: string;
    let model: string;
    let image: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), `bcos-converted-${backend}-`));
      model = join(root, 'model');
      const converted = await convertCheckpoint({
        from: CHECKPOINT,
        arch: 'bcos-resnet18',
        out: model,
        inputSize: SIZE,
      });
      converted.model.dispose();
      image = join(root, 'fish.png');
      await writePng(image, picture(0));
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('bcos-explain: B-cos explanation, classes numbered or named by --class-names', async () => {
      const out = join(root, 'explained');
      const args = ['--model', model, '--image', image, '--out', out, '--backend', backend, '--top', '3'];
      const numbered = await logged(() => explainCommand([...args, '--class', 'class 2']));
      expect(numbered).toMatch(/^class \d +0\.\d{4}$/m);
      expect((await stat(join(out, 'fish-class_2-bcos.png'))).size).toBeGreaterThan(0);
      const names = join(root, 'names.json');
      await writeFile(names, JSON.stringify(NAMES));
      const named = await logged(() =>
        explainCommand([...args, '--class-names', names, '--class', 'hen', '--method', 'gradcam']),
      );
      expect(
        named
          .split('\n')
          .slice(0, 3)
          .every((line) => NAMES.some((n) => line.startsWith(n))),
      ).toBe(true);
      expect((await stat(join(out, 'fish-hen-gradcam.png'))).size).toBeGreaterThan(0);
    });

    it('--class-names of the wrong length is a clear error', async () => {
      const names = join(root, 'three.json');
      await writeFile(names, JSON.stringify(['a', 'b', 'c']));
      await expect(
        explainCommand(['--model', model, '--image', image, '--class-names', names, '--backend', backend]),
      ).rejects.toThrow(`--class-names ${names} names 3 classes, but the model has 10 outputs`);
    });

    it('bcos-eval: a folder of class folders named like the model classes', async () => {
      const data = join(root, 'data');
      for (let c = 0; c < 10; c++) {
        await mkdir(join(data, `class ${c}`), { recursive: true });
        await writePng(join(data, `class ${c}`, 'a.png'), picture(c));
      }
      const text = await logged(() => evalCommand(['--model', model, '--data', data, '--backend', backend]));
      expect(text).toMatch(/10 images, loss \d+\.\d+, accuracy \d+\.\d%/);
    });
  },
  { backends: ['cpu', 'wasm'] },
);
