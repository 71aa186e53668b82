#!/usr/bin/env bash
# Writes .gpu-data/fashion-mnist/ (git-ignored) for the device call: Debian's Fashion-MNIST test set
# and the first $TRAIN_IMAGES (default 30,000) training images, gzipped IDX files, small enough to
# travel with .gpu within the 64 MiB a device call carries (the whole set is ~30 MiB on its own).
# Carry ".gpu-data"; run.sh reads it in place.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
source_dir=${BCOS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=.gpu-data/fashion-mnist
mkdir -p "$out"
TRAIN_IMAGES=${TRAIN_IMAGES:-30000} node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { gunzipSync, gzipSync } from 'node:zlib';
  const keep = Number(process.env.TRAIN_IMAGES);
  // IDX: magic, item count (big-endian), then (images only) rows and columns, then the items.
  for (const [name, headerBytes, itemBytes, limit] of [
    ['train-images-idx3-ubyte', 16, 784, keep],
    ['train-labels-idx1-ubyte', 8, 1, keep],
    ['t10k-images-idx3-ubyte', 16, 784, Infinity],
    ['t10k-labels-idx1-ubyte', 8, 1, Infinity],
  ]) {
    const idx = gunzipSync(readFileSync('$source_dir/' + name + '.gz'));
    const count = Math.min(idx.readUInt32BE(4), limit);
    const slim = Buffer.from(idx.subarray(0, headerBytes + count * itemBytes));
    slim.writeUInt32BE(count, 4);
    writeFileSync('$out/' + name + '.gz', gzipSync(slim, { level: 9 }));
    console.log(name, count);
  }"
du -sh "$out"
