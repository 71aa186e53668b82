import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describeWithSystemPart } from '@bcos/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test-helpers';
import { FASHION_MNIST_CLASSES, fashionMnist, idx } from './idx';
import { encodeIdx } from './idx-format';

describe('idx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
    const images = Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => i + 1);
    await writeFile(join(dir, 'images.gz'), gzipSync(encodeIdx([3, 2, 2], images)));
    await writeFile(join(dir, 'labels'), encodeIdx([3], Uint8Array.of(2, 0, 1)));
    await writeFile(join(dir, 'labels-4'), encodeIdx([4], Uint8Array.of(2, 0, 1, 1)));
    await writeFile(join(dir, 'labels-big'), encodeIdx([3], Uint8Array.of(2, 10, 1)));
    await writeFile(join(dir, 'images-none'), encodeIdx([0, 28, 28], new Uint8Array(0)));
    await writeFile(join(dir, 'labels-none'), encodeIdx([0], new Uint8Array(0)));
  });

  it('reads gzipped images and plain labels', async () => {
    const dataset = await idx({ images: join(dir, 'images.gz'), labels: join(dir, 'labels') });
    expect(dataset.imageShape).toEqual([2, 2, 1]);
    expect(dataset.classNames).toEqual(['0', '1', '2']);
    const { images, labels } = await dataset.get([1]);
    expect(Array.from(images)).toEqual([5, 6, 7, 8]);
    expect(Array.from(labels)).toEqual([0]);
  });

  it('pads to a centred square and repeats into three channels', async () => {
    const dataset = await idx({
      images: join(dir, 'images.gz'),
      labels: join(dir, 'labels'),
      padTo: 4,
      channels: 3,
    });
    expect(dataset.imageShape).toEqual([4, 4, 3]);
    const { images } = await dataset.get([0]);
    const channel = (c: number) => Array.from(images.filter((_, i) => i % 3 === c));
    expect(channel(0)).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
    expect(channel(2)).toEqual(channel(0));
  });

  it('names label files that do not match the images', async () => {
    const images = join(dir, 'images.gz');
    await expect(idx({ images, labels: join(dir, 'labels-4') })).rejects.toThrow(
      `${join(dir, 'labels-4')}: header: expected 3 labels (one per image of ${images}), got 4`,
    );
    await expect(
      idx({ images, labels: join(dir, 'labels-big'), classNames: FASHION_MNIST_CLASSES }),
    ).rejects.toThrow(`${join(dir, 'labels-big')}: record 1: label 10 is out of range 0..9`);
    const none = join(dir, 'images-none');
    await expect(idx({ images: none, labels: join(dir, 'labels-none') })).rejects.toThrow(
      `${none}: header: holds no images (0×28×28)`,
    );
    await expect(idx({ images, labels: join(dir, 'labels'), padTo: 1 })).rejects.toThrow(
      'idx: padTo must be an integer ≥ 2 (the image size), got 1',
    );
  });
});

const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

describeWithSystemPart(
  'Fashion-MNIST (Debian dataset-fashion-mnist)',
  () =>
    existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'))
      ? undefined
      : `${FASHION_MNIST_DIR} is absent (apt install dataset-fashion-mnist)`,
  () => {
    const perClass = (labels: Int32Array) => {
      const counts = new Array(10).fill(0);
      for (const label of labels) counts[label]++;
      return counts;
    };

    it('has 60,000 training images, 6,000 per class, 28×28', async () => {
      const train = await fashionMnist(FASHION_MNIST_DIR);
      expect(train.size).toBe(60_000);
      expect(train.imageShape).toEqual([28, 28, 1]);
      expect(train.classNames).toEqual(FASHION_MNIST_CLASSES);
      expect(perClass(train.labels)).toEqual(new Array(10).fill(6_000));
      const { images } = await train.get([0]);
      expect(images.some((v) => v > 0)).toBe(true);
    });

    it('has 10,000 test images, 1,000 per class, padded to 32×32×3 on request', async () => {
      const test = await fashionMnist(FASHION_MNIST_DIR, { split: 'test', padTo: 32, channels: 3 });
      expect(test.size).toBe(10_000);
      expect(test.imageShape).toEqual([32, 32, 3]);
      expect(perClass(test.labels)).toEqual(new Array(10).fill(1_000));
    });
  },
);
