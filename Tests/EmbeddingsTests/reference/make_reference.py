"""Generates the Embeddings test references into a git-ignored directory:

  corpus.json       the test corpus (>= 10,000 lines) with, for each line, the token ids of the
                    model's own tokenizer (`tokenizers` package) and whether it was truncated
  embeddings.json   indices of >= 1,000 corpus lines and their reference vectors (float64 numpy
                    forward pass, see reference_model.py)

Usage: make_reference.py [--model DIR] [--out DIR]
Defaults: models/all-MiniLM-L6-v2 and .build-ref/embeddings under the repository root.
Does nothing when the outputs are newer than these scripts and the model files.
Needs numpy, tokenizers and safetensors; never torch.
"""
import argparse
import json
import os
import pathlib
import sys

# Small per-sentence products: BLAS threads only spin against each other on a busy machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tokenizers import Tokenizer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import make_corpus  # noqa: E402
from reference_model import ReferenceModel  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]
MAX_SEQUENCE_LENGTH = 256  # sentence_bert_config.json's max_seq_length
EMBEDDING_SAMPLE = 1_000


def is_up_to_date(out, model_dir):
    """Outputs newer than every input (these scripts and the model files) need no rebuild."""
    outputs = [out / "corpus.json", out / "embeddings.json"]
    if not all(path.exists() for path in outputs):
        return False
    inputs = list(pathlib.Path(__file__).resolve().parent.glob("*.py"))
    inputs += [model_dir / name for name in ("model.safetensors", "tokenizer.json", "config.json")]
    return min(path.stat().st_mtime for path in outputs) > max(path.stat().st_mtime for path in inputs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(REPO / "models" / "all-MiniLM-L6-v2"))
    parser.add_argument("--out", default=str(REPO / ".build-ref" / "embeddings"))
    args = parser.parse_args()
    model_dir, out = pathlib.Path(args.model), pathlib.Path(args.out)
    if not (model_dir / "model.safetensors").exists():
        raise SystemExit(f"make_reference: no model in {model_dir}; run scripts/fetch-model.sh first")
    out.mkdir(parents=True, exist_ok=True)
    if is_up_to_date(out, model_dir):
        print(f"make_reference: {out} is up to date", file=sys.stderr)
        return

    lines = make_corpus.build()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_SEQUENCE_LENGTH)
    encodings = tokenizer.encode_batch(lines)
    corpus = [
        {"text": text, "ids": encoding.ids, "truncated": bool(encoding.overflowing)}
        for text, encoding in zip(lines, encodings)
    ]
    (out / "corpus.json").write_text(json.dumps(corpus))

    # All hard cases and long texts, then an even spread over the rest.
    head = len(make_corpus.HARD_CASES) + 8
    step = max(1, (len(lines) - head) // (EMBEDDING_SAMPLE - head))
    indices = list(range(head)) + list(range(head, len(lines), step))[: EMBEDDING_SAMPLE - head]
    model = ReferenceModel(model_dir)
    vectors = [model.embed(corpus[i]["ids"]).tolist() for i in indices]
    (out / "embeddings.json").write_text(json.dumps({"indices": indices, "vectors": vectors}))
    truncated = sum(entry["truncated"] for entry in corpus)
    print(f"make_reference: {len(corpus)} lines ({truncated} truncated), {len(indices)} vectors -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
