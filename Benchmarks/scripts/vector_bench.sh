#!/usr/bin/env bash
# Vector index benchmark: builds vector-bench, makes the data set if it is missing, then runs
# Tessera and the anchors (faiss-cpu, hnswlib, usearch) on the same files in one run.
#
#   Benchmarks/scripts/vector_bench.sh              # 100k base vectors (embedding them takes ~15 min on 2 cores)
#   BASE_COUNT=20000 Benchmarks/scripts/vector_bench.sh
#
# Environment: VENV (default .venv at the repository root, with the packages of
# Benchmarks/README.md), THREADS (2), BASE_COUNT (100000), SCRATCH (swift build directory),
# TARGET_CPU (haswell: AVX2/FMA/F16C, as the pip wheels of the anchors use; "" for the generic
# x86-64 baseline).
set -euo pipefail
benchmarks="$(cd "$(dirname "$0")/.." && pwd)"
root="$(dirname "$benchmarks")"
venv="${VENV:-$root/.venv}"
threads="${THREADS:-2}"
base_count="${BASE_COUNT:-100000}"
data="$benchmarks/data/vector-$base_count"
scratch="${SCRATCH:-$benchmarks/.build}"
target_cpu="${TARGET_CPU-haswell}"

if [ ! -f "$data/ground_truth.npy" ]; then
    # The embedding needs the tokenizer (fetched here) and the ONNX export of
    # scripts/embedding-bench.sh (made there, with torch).
    "$root/scripts/fetch-model.sh"
    "$venv/bin/python" "$benchmarks/scripts/make_vector_data.py" --out "$data" --base "$base_count" --threads "$threads"
fi

cpu_flags=()
if [ -n "$target_cpu" ]; then cpu_flags=(-Xswiftc -target-cpu -Xswiftc "$target_cpu"); fi
swift build -c release --package-path "$benchmarks" --scratch-path "$scratch" --product vector-bench -j "$threads" "${cpu_flags[@]}"
bench="$(swift build -c release --package-path "$benchmarks" --scratch-path "$scratch" "${cpu_flags[@]}" --show-bin-path)/vector-bench"

OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" "$venv/bin/python" "$benchmarks/scripts/vector_anchors.py" \
    --bench "$bench" --threads "$threads" \
    --base "$data/base.npy" --queries "$data/queries.npy" --ground-truth "$data/ground_truth.npy" \
    --out "$data/results.json"
