import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { COLORMAPS, colormapTable } from './colormaps';
import { overlay } from './overlay';
import { writeOverlayPng } from './write-overlay-png';

const hex = (rgb: string) => [0, 2, 4].map((i) => Number.parseInt(rgb.slice(i, i + 2), 16) / 255);

describeBackends(
  'overlay and colour maps',
  () => {
    it('has 256-entry tables with the published end and middle colours', async () => {
      for (const name of COLORMAPS) expect(colormapTable(name).length).toBe(256 * 3);
      const entry = (name: (typeof COLORMAPS)[number], i: number) =>
        Array.from(colormapTable(name).slice(3 * i, 3 * i + 3));
      await expectAllClose(entry('viridis', 0), hex('440154'), { atol: 1e-6 });
      await expectAllClose(entry('viridis', 255), hex('fde725'), { atol: 1e-6 });
      await expectAllClose(entry('inferno', 0), hex('000004'), { atol: 1e-6 });
      await expectAllClose(entry('inferno', 255), hex('fcffa4'), { atol: 1e-6 });
      await expectAllClose(entry('turbo', 0), hex('30123b'), { atol: 1e-6 });
      await expectAllClose(entry('turbo', 128), [0.64362, 0.98999, 0.23356], { atol: 2 / 255 });
      await expectAllClose(entry('jet', 0), [0, 0, 0.5], { atol: 1e-6 });
      await expectAllClose(entry('jet', 255), [0.5, 0, 0], { atol: 1e-6 });
      // jet is green at 0.5 (between its green plateau's ends 0.375 and 0.64), blue rising to cyan before.
      await expectAllClose(entry('jet', 128), [(0.5019608 - 0.35) / 0.31, 1, 1 - (0.5019608 - 0.34) / 0.31], {
        atol: 1e-5,
      });
    });

    it('blends the looked-up colour over the image with alpha, indexing ⌊255·cam⌋', async () => {
      const image = tf.fill([1, 3, 3], 0.2) as tf.Tensor3D;
      const cam = tf.tensor2d([[0, 0.5, 1]]);
      const result = overlay(image, cam, { colormap: 'viridis', alpha: 0.25 });
      const table = colormapTable('viridis');
      const expected = [0, 127, 255].flatMap((i) =>
        Array.from(table.slice(3 * i, 3 * i + 3), (c) => 0.25 * c + 0.75 * 0.2),
      );
      await expectAllClose(result, expected, { atol: 1e-6 });
      tf.dispose([image, cam, result]);
    });

    it('writes an RGB PNG and rejects mismatched shapes or alpha', async () => {
      const image = tf.zeros([4, 5, 3]) as tf.Tensor3D;
      const cam = tf.reshape(tf.linspace(0, 1, 20), [4, 5]) as tf.Tensor2D;
      const path = join(mkdtempSync(join(tmpdir(), 'gradcam-')), 'overlay.png');
      await writeOverlayPng(path, image, cam, { colormap: 'turbo', alpha: 1 });
      const png = decode(readFileSync(path));
      expect([png.width, png.height, png.channels]).toEqual([5, 4, 3]);
      expect(Array.from(png.data.slice(0, 3))).toEqual([0x30, 0x12, 0x3b]);
      expect(() => overlay(image, tf.zeros([5, 4]) as tf.Tensor2D)).toThrow(/overlay: cam must be \[4,5\]/);
      expect(() => overlay(tf.zeros([4, 5]) as unknown as tf.Tensor3D, cam)).toThrow(
        /overlay: image must be \[H, W, 3\]/,
      );
      expect(() => overlay(image, cam, { alpha: 2 })).toThrow(/alpha must be in \[0, 1\], got 2/);
      expect(() => overlay(image, cam, { colormap: 'rainbow' as 'jet' })).toThrow(
        /unknown colour map 'rainbow'/,
      );
      tf.dispose([image, cam]);
    });
  },
  { backends: ['cpu'] },
);
