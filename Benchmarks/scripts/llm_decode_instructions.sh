#!/usr/bin/env bash
# Instructions per stream chunk for each provider and each way of decoding it (the fast reader,
# JSONDecoder, JSONValue.parse then mapping), counted by callgrind: deterministic, so the
# figures hold on a shared machine. Each figure is the difference between two runs of
# llm-decode-bench (ROUNDS_LOW and ROUNDS_HIGH passes over the fixture chunks) divided by the
# extra chunks decoded, which leaves out start-up and first-use costs.
#
#   Benchmarks/scripts/llm_decode_instructions.sh               # the chunks each fast reader takes
#   CHUNKS=all Benchmarks/scripts/llm_decode_instructions.sh    # every chunk of the fixture streams
#   CHUNKS=text Benchmarks/scripts/llm_decode_instructions.sh   # the text deltas only
#
# Environment:
#   LLM_DECODE_BENCH_BIN=   a prebuilt llm-decode-bench (release, -enable-testing); otherwise built here
#   ROUNDS_LOW=20 ROUNDS_HIGH=120
set -euo pipefail
# Swift seeds its hashing per process; the counts should not depend on the seed.
export SWIFT_DETERMINISTIC_HASHING=1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
low="${ROUNDS_LOW:-20}"
high="${ROUNDS_HIGH:-120}"
extra=(--chunks "${CHUNKS:-taken}")

bin="${LLM_DECODE_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
    # The wire types and fast readers are internal to LLM, hence -enable-testing.
    swift build -c release -Xswiftc -enable-testing --package-path "$repo/Benchmarks" --product llm-decode-bench >&2
    bin="$(swift build -c release -Xswiftc -enable-testing --package-path "$repo/Benchmarks" --show-bin-path)/llm-decode-bench"
fi

# Valgrind cannot read the debug information Swift writes; symbols stay.
stripped="$(mktemp)"
trap 'rm -f "$stripped"' EXIT
strip --strip-debug -o "$stripped" "$bin"

# Prints "<instructions> <chunks decoded>" for one run.
count() {
    local out
    out="$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" "$@" "${extra[@]}" 2>&1)"
    local instructions chunks rounds
    instructions="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out")"
    read -r chunks rounds < <(sed -n 's/.*: \([0-9]*\) chunks x \([0-9]*\) rounds.*/\1 \2/p' <<<"$out")
    echo "$instructions $((chunks * rounds))"
}

printf '%-10s %7s %12s %12s %12s %16s %12s\n' provider chunks fast foundation value foundation/fast value/fast
for provider in openai anthropic ollama; do
    declare -A per_chunk=()
    for decoding in fast foundation value; do
        read -r i1 c1 < <(count --provider "$provider" --decoding "$decoding" --rounds "$low")
        read -r i2 c2 < <(count --provider "$provider" --decoding "$decoding" --rounds "$high")
        per_chunk[$decoding]=$(( (i2 - i1) / (c2 - c1) ))
    done
    printf '%-10s %7d %12d %12d %12d %15.2fx %11.2fx\n' "$provider" "$((c2 / high))" \
        "${per_chunk[fast]}" "${per_chunk[foundation]}" "${per_chunk[value]}" \
        "$(bc -l <<<"${per_chunk[foundation]} / ${per_chunk[fast]}")" \
        "$(bc -l <<<"${per_chunk[value]} / ${per_chunk[fast]}")"
done
