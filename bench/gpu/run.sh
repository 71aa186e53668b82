#!/usr/bin/env bash
# The whole GPU measurement of issue 14 in one device call (≤ 8 minutes), results under $OUT.
#
#   Here, once per build:  npm run build && bash ../shared/gpu/pack.sh && bash bench/gpu/pack-data.sh
#   Device call:           bash bench/gpu/run.sh            (carry: .gpu, .gpu-data, bench/dist)
#   Software driver check: OUT=/tmp/gpu-out bash bench/gpu/run.sh --tiny
#
# Stages, each under its own time limit so that the call always ends in time and keeps what it got:
# adapter info; train-throughput (ours: layer/batch/B-cos ResNet-18, batch 128, with dispatches/step
# and host ms/step; PyTorch eager fp32 in the same run); the same for the stock tfjs kernels (layer
# norm); a per-kernel GPU-time profile of one step and forward throughput; then Fashion-MNIST with
# the seed recipe at full width for as many epochs as the measured speed fits in 150 s of training.
# Limits: 20 + 120 + 60 + 40 + 195 s, plus ~30 s to unpack .gpu: under 8 minutes in all.
# --tiny runs every stage at toy sizes on whatever adapter Dawn finds (the software Vulkan driver on a
# CPU-only machine), without PyTorch, on the Fashion-MNIST files of /usr/share/datasets.
set -uo pipefail
tiny=0
[ "${1:-}" = --tiny ] && tiny=1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=${OUT:?OUT must name the folder for the results}
mkdir -p "$out"
started=$SECONDS

if [ "$tiny" = 1 ]; then
  # The software driver is ~1000× slower than a GPU: every stage gets `scale` times its limit.
  width=4 batch=4 steps=2 models=layer torch=() fashion_budget=60 scale=8 data_dir=/usr/share/datasets/fashion-mnist
  recipe=(--config bench/gpu/fashion-mnist-tiny.json)
  export BCOS_ALLOW_SOFTWARE_GPU=1
else
  [ -d .gpu ] || { echo "no .gpu/: run bash ../shared/gpu/pack.sh here first and carry .gpu" >&2; exit 2; }
  # shellcheck disable=SC1091
  source .gpu/setup.sh
  width=64 batch=128 steps=3 models=layer,batch,bcos torch=(--torch cuda) fashion_budget=150 scale=1
  data_dir=.gpu-data/fashion-mnist recipe=()
fi

# stage NAME SECONDS COMMAND...: output to $OUT/NAME.txt and to the call's log, exit status noted.
stage() {
  local name=$1 limit=$(($2 * scale))
  shift 2
  echo "== $name (limit ${limit}s, at $((SECONDS - started))s)"
  timeout "$limit" "$@" > "$out/$name.txt" 2>&1
  local rc=$?
  grep -v -e XDG_RUNTIME_DIR -e '^ - While' -e '^    at ' -e '^Warning: Vulkan' -e '^$' "$out/$name.txt" | tail -n 40
  echo "-- $name: exit $rc" | tee -a "$out/status.txt"
}

bench=(node bench/dist/index.js)

stage adapter 20 node --input-type=module -e "
  import { initBackend } from '@bcos/backend';
  const info = await initBackend({ backend: 'webgpu', allowSoftwareGpu: process.env.BCOS_ALLOW_SOFTWARE_GPU === '1' });
  console.log(JSON.stringify(info));"
if [ "$tiny" = 0 ] && ! grep -q '"software":false' "$out/adapter.txt"; then
  echo "no hardware GPU adapter (see $out/adapter.txt): measurements on it would mean nothing" >&2
  exit 1
fi
stage train-throughput 120 "${bench[@]}" train-throughput --backends webgpu --width "$width" --batch "$batch" --steps "$steps" \
  --models "$models" "${torch[@]}"
stage train-throughput-stock 60 "${bench[@]}" train-throughput --backends webgpu --width "$width" --batch "$batch" --steps "$steps" \
  --models layer --stock
stage step-profile 40 "${bench[@]}" step-profile --backends webgpu --width "$width" --batch "$batch"

# Epochs that fit the budget at the layer-norm model's measured speed (training images: the IDX count).
speed=$(sed -n 's/^# webgpu layer batch [0-9]*: \([0-9.]*\) img\/s.*/\1/p' "$out/train-throughput.txt" | head -n 1)
images=$(gzip -dc "$data_dir/train-labels-idx1-ubyte.gz" | head -c 8 | od -An -tu1 | awk '{ print (($5 * 256 + $6) * 256 + $7) * 256 + $8 }')
epochs=$(awk -v s="${speed:-0}" -v b="$fashion_budget" -v n="$images" 'BEGIN { e = int(s * b / n); print (e < 1 ? 1 : e) }')
echo "fashion-mnist: ${speed:-unknown} img/s measured, $images training images → $epochs epoch(s)" | tee "$out/fashion-mnist-plan.txt"
stage fashion-mnist $((fashion_budget + 45)) node examples/fashion-mnist/dist/main.js --data-dir "$data_dir" \
  --backend webgpu --epochs "$epochs" --out "$out/fashion-mnist-run" "${recipe[@]}"
echo "total $((SECONDS - started))s" | tee -a "$out/status.txt"
