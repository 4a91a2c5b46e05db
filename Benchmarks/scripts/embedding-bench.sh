#!/usr/bin/env bash
# Side by side, in one run, on the same sentences and thread count: the Tessera engine
# (embedding-bench), ONNX Runtime on an fp32 ONNX export, and sentence-transformers on torch CPU.
#
#   Benchmarks/scripts/embedding-bench.sh
#
# Environment:
#   THREADS=2                   threads for every engine
#   ANCHOR_PYTHON=.venv/bin/python   a python with numpy, tokenizers, onnxruntime
#   TORCH_PYTHON=               a python that also has torch, transformers, sentence-transformers
#                               (kept out of CI: torch is 3 GB); without it the ONNX export must
#                               already exist and sentence-transformers is reported as skipped
#   EMBEDDING_BENCH_BIN=        a prebuilt embedding-bench; otherwise built here in release mode
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${THREADS:-2}"
anchor_python="${ANCHOR_PYTHON:-$repo/.venv/bin/python}"
model="$repo/models/all-MiniLM-L6-v2"
data="$repo/Benchmarks/data"
sentences="$data/embedding-sentences.txt"
onnx="$data/all-MiniLM-L6-v2.onnx"

"$repo/scripts/fetch-model.sh"
mkdir -p "$data"
[[ -f "$sentences" ]] || "$anchor_python" "$repo/Benchmarks/scripts/embedding_anchors.py" sentences --out "$sentences"
if [[ ! -f "$onnx" && -n "${TORCH_PYTHON:-}" ]]; then
    "$TORCH_PYTHON" "$repo/Benchmarks/scripts/embedding_anchors.py" export --model "$model" --out "$onnx"
fi

bench="${EMBEDDING_BENCH_BIN:-}"
if [[ -z "$bench" ]]; then
    scratch="$repo/.build-bench"
    swift build -c release -j 2 --package-path "$repo/Benchmarks" --scratch-path "$scratch" --product embedding-bench >&2
    bench="$scratch/release/embedding-bench"
fi

OPENBLAS_NUM_THREADS="$threads" "$bench" --model "$model" --sentences "$sentences"
"$anchor_python" "$repo/Benchmarks/scripts/embedding_anchors.py" run --model "$model" --sentences "$sentences" \
    --onnx "$onnx" --engines onnxruntime --threads "$threads"
if [[ -n "${TORCH_PYTHON:-}" ]]; then
    "$TORCH_PYTHON" "$repo/Benchmarks/scripts/embedding_anchors.py" run --model "$model" --sentences "$sentences" \
        --engines sentence-transformers --threads "$threads"
else
    echo '{"engine": "sentence-transformers", "metric": "skipped", "reason": "TORCH_PYTHON not set"}'
fi
