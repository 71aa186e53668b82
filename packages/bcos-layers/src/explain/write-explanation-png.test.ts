import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { decode } from 'fast-png';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { compositeOver } from './composite-over';
import { writeExplanationPng } from './write-explanation-png';

describeBackends(
  'writeExplanationPng',
  () => {
    const image = tf.tensor3d([0.2, 0.4, 0.6, 1, 1, 1], [1, 2, 3]);
    const rgba = tf.tensor3d([1, 0, 0, 1, 0, 0, 1, 0.5], [1, 2, 4]);

    it('composites the overlay over the image by its alpha', async () => {
      await expectAllClose(compositeOver(image, rgba), [1, 0, 0, 0.5, 0.5, 1]);
      const encoded = tf.concat([image, tf.sub(1, image)], 2);
      await expectAllClose(compositeOver(tf.expandDims(encoded), rgba), [1, 0, 0, 0.5, 0.5, 1]);
    });

    it('writes an RGB PNG of the composite', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'bcos-png-'));
      try {
        const path = join(directory, 'nested', 'explanation.png');
        await writeExplanationPng(path, image, rgba);
        const png = decode(await readFile(path));
        expect([png.width, png.height, png.channels]).toEqual([2, 1, 3]);
        expect(Array.from(png.data)).toEqual([255, 0, 0, 128, 128, 255]);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });

    it('rejects mismatched sizes and batches of more than one image', () => {
      expect(() => compositeOver(image, tf.zeros([2, 2, 4]))).toThrow(
        /writeExplanationPng: rgba must be \[H, W, 4\]/,
      );
      expect(() => compositeOver(tf.zeros([2, 1, 2, 3]), rgba)).toThrow(/image must be one image/);
      expect(() => compositeOver(tf.zeros([1, 2, 4]), rgba)).toThrow(/3 channels or the 6-channel encoding/);
    });
  },
  CPU_ONLY,
);
