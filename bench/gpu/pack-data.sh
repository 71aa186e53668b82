#!/usr/bin/env bash
# Writes .gpu-data/fashion-mnist/: Debian's Fashion-MNIST IDX files, recompressed with xz so that
# they travel with .gpu in one device call (carry ".gpu-data", git-ignored; run.sh unpacks them).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
source_dir=${BCOS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
out=.gpu-data/fashion-mnist
mkdir -p "$out"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$out/$f.xz" ] || gzip -dc "$source_dir/$f.gz" | xz -T2 -9e > "$out/$f.xz"
done
du -sh "$out"
