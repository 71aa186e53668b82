import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateFaces } from '@bcos/datasets/node';

// Dataset files for the loaders' tests. Not part of the published package.

/** An IDX file of unsigned bytes: magic 00 00 08 <rank>, big-endian dimensions, the values. */
function idxFile(dims: number[], values: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, dims.length);
  for (const [i, d] of dims.entries()) header.setUint32(4 + 4 * i, d, false);
  return Buffer.concat([new Uint8Array(header.buffer), values]);
}

/** `count` 28×28 images whose pixel (y, x) of image n is (n + y + x) % 200 + 1, never 0; labels n % 10. */
async function writeFashionSplit(dir: string, prefix: string, count: number): Promise<void> {
  const pixels = Uint8Array.from({ length: count * 28 * 28 }, (_, i) => {
    const [n, y, x] = [Math.floor(i / 784), Math.floor(i / 28) % 28, i % 28];
    return ((n + y + x) % 200) + 1;
  });
  const labels = Uint8Array.from({ length: count }, (_, n) => n % 10);
  await writeFile(join(dir, `${prefix}-images-idx3-ubyte`), idxFile([count, 28, 28], pixels));
  await writeFile(join(dir, `${prefix}-labels-idx1-ubyte`), idxFile([count], labels));
}

/**
 * Writes, under `root`, Fashion-MNIST's four IDX files (20 training, 6 test images) and 24 generated
 * faces of 64×78 in CelebA's layout (14 train, 4 valid, 6 test).
 */
export async function writeTestDatasets(root: string): Promise<{ fashionMnist: string; faces: string }> {
  const dirs = { fashionMnist: join(root, 'fashion-mnist'), faces: join(root, 'faces') };
  await mkdir(dirs.fashionMnist, { recursive: true });
  await writeFashionSplit(dirs.fashionMnist, 'train', 20);
  await writeFashionSplit(dirs.fashionMnist, 't10k', 6);
  await generateFaces({
    dir: dirs.faces,
    n: 24,
    seed: 2,
    size: { width: 64, height: 78 },
    partition: [14, 4, 6],
  });
  return dirs;
}
