#!/usr/bin/env python3
"""Builds the vector benchmark data set from text already on the machine.

Sentences come from Python standard library docstrings, Debian changelogs and copyright files
and man pages, in a fixed order with a seeded shuffle, so every run yields the same files.
They are embedded with all-MiniLM-L6-v2 through ONNX Runtime (the fp32 export that
Benchmarks/scripts/embedding-bench.sh makes, tokenizer from models/all-MiniLM-L6-v2 as
scripts/fetch-model.sh fetches it): mean pooling over tokens, then L2 normalization, as
sentence-transformers does. Output (float32 / int64 .npy, C order) in --out:
  base.npy (N x 384), queries.npy (Q x 384), ground_truth.npy (Q x 100, exact inner-product
  top-100 ids, ties broken by the smaller id), sentences_SEED.txt (the texts, base then queries).
Embeddings are cached per chunk in --out/chunks so an interrupted run resumes.
"""
import argparse
import ast
import glob
import gzip
import os
import random
import re
import sys
import time

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
MIN_CHARS, MAX_CHARS = 24, 240


def clean(text):
    return re.sub(r"\s+", " ", text).strip()


def sentences_of(text):
    for part in SENTENCE_SPLIT.split(clean(text)):
        if MIN_CHARS <= len(part) <= MAX_CHARS and sum(c.isalpha() for c in part) > len(part) // 2:
            yield part


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            return f.read()
    except (OSError, EOFError):
        return ""


def python_docstrings():
    for path in sorted(glob.glob("/usr/lib/python3*/**/*.py", recursive=True)):
        try:
            tree = ast.parse(read_text(path))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    yield from sentences_of(doc)


def debian_docs():
    for pattern in ("/usr/share/doc/*/changelog*", "/usr/share/doc/*/copyright"):
        for path in sorted(glob.glob(pattern)):
            text = read_text(path)
            # Changelog entries are "  * change" bullets; fold each into one line of prose.
            yield from sentences_of(re.sub(r"^\s*[*-]\s+", "\n", text, flags=re.M))


def man_pages():
    for path in sorted(glob.glob("/usr/share/man/man[1-8]/*.gz")):
        lines = []
        for line in read_text(path).splitlines():
            if line.startswith((".", "'")):
                continue
            lines.append(re.sub(r"\\f[A-Z]|\\f\(..|\\[-&(e]|\\\*\(..", "", line))
        yield from sentences_of(" ".join(lines))


def corpus(total, seed):
    seen, texts = set(), []
    for source in (python_docstrings, debian_docs, man_pages):
        for s in source():
            if s not in seen:
                seen.add(s)
                texts.append(s)
    if len(texts) < total:
        sys.exit(f"only {len(texts)} distinct sentences found, {total} needed")
    random.Random(seed).shuffle(texts)
    return texts[:total], len(texts)


class Embedder:
    """all-MiniLM-L6-v2 through ONNX Runtime: mean pooling over tokens, then L2 normalization,
    as sentence-transformers does. Batches hold sentences of like length, padded only to the
    longest in the batch, so short sentences cost short sequences."""

    def __init__(self, model_dir, onnx_path, threads, max_len=256):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tokenizer.enable_truncation(max_len)
        self.tokenizer.no_padding()

    def embed(self, texts, batch=64):
        encodings = self.tokenizer.encode_batch(texts)
        out = np.zeros((len(texts), 384), np.float32)
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for b0 in range(0, len(order), batch):
            rows = order[b0:b0 + batch]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for r, i in enumerate(rows):
                ids[r, :len(encodings[i].ids)] = encodings[i].ids
                mask[r, :len(encodings[i].ids)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


def embed_all(texts, embedder, chunk_dir, chunk=10_000):
    os.makedirs(chunk_dir, exist_ok=True)
    parts = []
    started = time.time()
    for c0 in range(0, len(texts), chunk):
        path = os.path.join(chunk_dir, f"onnx_{c0:07d}_{chunk}.npy")
        if not os.path.exists(path):
            np.save(path + ".tmp.npy", embedder.embed(texts[c0:c0 + chunk]))
            os.replace(path + ".tmp.npy", path)
            print(f"embedded {min(c0 + chunk, len(texts))}/{len(texts)} in {time.time() - started:.0f}s", file=sys.stderr, flush=True)
        parts.append(path)
    return np.concatenate([np.load(path) for path in parts])


def exact_top(base, queries, k):
    ids = np.empty((len(queries), k), np.int64)
    for q0 in range(0, len(queries), 256):
        scores = queries[q0:q0 + 256].astype(np.float64) @ base.astype(np.float64).T
        for r, row in enumerate(scores):
            # Take a margin past k so ties at the boundary are all seen before sorting by id.
            cand = np.argpartition(-row, k + 64)[:k + 64] if len(row) > k + 64 else np.arange(len(row))
            order = np.lexsort((cand, -row[cand]))[:k]
            ids[q0 + r] = cand[order]
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "vector"))
    ap.add_argument("--base", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--model", default=os.path.join(REPO, "models", "all-MiniLM-L6-v2"), help="directory with tokenizer.json")
    ap.add_argument("--onnx", default=os.path.join(REPO, "Benchmarks", "data", "all-MiniLM-L6-v2.onnx"))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    total = args.base + args.queries
    sentences_path = os.path.join(args.out, f"sentences_{args.seed}.txt")
    if os.path.exists(sentences_path):  # the corpus scan takes minutes; its result is fixed by the seed
        with open(sentences_path) as f:
            texts = f.read().split("\n")[:-1]
    if not os.path.exists(sentences_path) or len(texts) < total:
        texts, available = corpus(max(total, 101_000), args.seed)
        print(f"{available} distinct sentences found, using {len(texts)}", file=sys.stderr)
        with open(sentences_path + ".tmp", "w") as f:
            f.write("\n".join(texts) + "\n")
        os.replace(sentences_path + ".tmp", sentences_path)
    texts = texts[:total]
    for path, how in ((os.path.join(args.model, "tokenizer.json"), "run scripts/fetch-model.sh"),
                      (args.onnx, "run Benchmarks/scripts/embedding-bench.sh with TORCH_PYTHON set to export it")):
        if not os.path.exists(path):
            sys.exit(f"{path} not found: {how}")
    embedder = Embedder(args.model, args.onnx, args.threads)
    vectors = embed_all(texts, embedder, os.path.join(args.out, "chunks"))
    base, queries = vectors[:args.base], vectors[args.base:]
    np.save(os.path.join(args.out, "base.npy"), np.ascontiguousarray(base))
    np.save(os.path.join(args.out, "queries.npy"), np.ascontiguousarray(queries))
    np.save(os.path.join(args.out, "ground_truth.npy"), exact_top(base, queries, 100))
    print("wrote", args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
