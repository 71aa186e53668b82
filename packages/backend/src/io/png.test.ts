import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { encodePng, tensorToImage } from './png';
import { writePng } from './write-png';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('PNG output', () => {
  it('encodes RGBA pixels losslessly', () => {
    const data = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const decoded = decode(encodePng({ data, width: 3, height: 2, channels: 4 }));
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([3, 2, 4]);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
  });

  it('rejects a buffer that does not match its dimensions', () => {
    expect(() => encodePng({ data: new Uint8Array(10), width: 2, height: 2, channels: 3 })).toThrow(
      'encodePng: expected 2×2×3 = 12 bytes, got 10',
    );
  });

  it('reads float tensors as [0, 1] and int tensors as [0, 255], clipping', async () => {
    const float = tf.tensor3d([0, 0.5, 1, 1.5], [1, 4, 1]);
    const int = tf.tensor3d([0, 128, 255, 300], [1, 4, 1], 'int32');
    expect(Array.from((await tensorToImage(float)).data)).toEqual([0, 128, 255, 255]);
    expect(Array.from((await tensorToImage(int)).data)).toEqual([0, 128, 255, 255]);
    await expect(tensorToImage(tf.zeros([2, 2]))).rejects.toThrow('expected an [H, W, C] tensor');
    tf.dispose([float, int]);
  });

  it('writes a PNG file atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcos-png-'));
    const path = join(dir, 'x.png');
    await writePng(path, { data: new Uint8Array([255, 0, 0]), width: 1, height: 1, channels: 3 });
    expect(Array.from(decode(await readFile(path)).data)).toEqual([255, 0, 0]);
    await rm(dir, { recursive: true });
  });
});
