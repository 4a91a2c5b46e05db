#!/usr/bin/env python3
"""Anchors for embedding-bench: the same sentences through ONNX Runtime (fp32 ONNX export of
the same weights) and sentence-transformers on torch CPU, with the same thread count. Prints
one JSON object per measurement, like embedding-bench.

  embedding_anchors.py sentences --out FILE        write the benchmark sentences
  embedding_anchors.py export --model DIR --out F  export the fp32 ONNX model (needs torch)
  embedding_anchors.py run --model DIR --sentences FILE [--onnx F] [--engines onnxruntime,sentence-transformers]

Both anchors include tokenization in their timing, as the Swift engine does. ONNX Runtime gets
padded batches (its usual use) and numpy mean pooling + L2 normalization.
"""
import argparse
import json
import os
import pathlib
import statistics
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
MAX_SEQUENCE_LENGTH = 256


def report(**fields):
    print(json.dumps(fields, sort_keys=True), flush=True)


def write_sentences(out, count=512):
    """Evenly spaced lines of the test corpus's docstring and changelog text (hard cases left out)."""
    sys.path.insert(0, str(REPO / "Tests" / "EmbeddingsTests" / "reference"))
    import make_corpus

    lines = make_corpus.build()[len(make_corpus.HARD_CASES) + 8:]
    step = len(lines) // count
    chosen = [line for line in lines[::step][:count]]
    pathlib.Path(out).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(out).write_text("\n".join(chosen) + "\n", encoding="utf-8")


def export_onnx(model_dir, out):
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        """Keyword arguments only: BertModel's positional parameters differ between versions."""

        def __init__(self):
            super().__init__()
            self.bert = AutoModel.from_pretrained(model_dir).eval()

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    model = LastHiddenState().eval()
    ids = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), out,
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )


def timed(run, texts, batch, repetitions):
    run(texts[:batch])  # warm-up
    rates = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            run(texts[i:i + batch])
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def onnxruntime_engine(model_dir, onnx_path, threads):
    import numpy as np
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    start = time.perf_counter()
    session = onnxruntime.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(pathlib.Path(model_dir) / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_SEQUENCE_LENGTH)
    tokenizer.enable_padding()
    load = time.perf_counter() - start

    def embed(texts):
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    return embed, load


def sentence_transformers_engine(model_dir, threads):
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    start = time.perf_counter()
    model = SentenceTransformer(model_dir, device="cpu")
    load = time.perf_counter() - start

    def embed(texts):
        return model.encode(texts, batch_size=len(texts), convert_to_numpy=True)

    return embed, load


def peak_rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sentences = sub.add_parser("sentences")
    sentences.add_argument("--out", required=True)
    export = sub.add_parser("export")
    export.add_argument("--model", required=True)
    export.add_argument("--out", required=True)
    run = sub.add_parser("run")
    run.add_argument("--model", required=True)
    run.add_argument("--sentences", required=True)
    run.add_argument("--onnx")
    run.add_argument("--engines", default="onnxruntime,sentence-transformers")
    run.add_argument("--threads", type=int, default=2)
    run.add_argument("--batch-sizes", default="1,32")
    run.add_argument("--single-count", type=int, default=128)
    run.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()

    if args.command == "sentences":
        return write_sentences(args.out)
    if args.command == "export":
        return export_onnx(args.model, args.out)

    texts = [line for line in pathlib.Path(args.sentences).read_text(encoding="utf-8").split("\n") if line]
    for name in args.engines.split(","):
        if name == "onnxruntime":
            if not args.onnx or not os.path.exists(args.onnx):
                report(engine=name, metric="skipped", reason="no ONNX export (run the export step with torch)")
                continue
            embed, load = onnxruntime_engine(args.model, args.onnx, args.threads)
        elif name == "sentence-transformers":
            try:
                embed, load = sentence_transformers_engine(args.model, args.threads)
            except ImportError as error:
                report(engine=name, metric="skipped", reason=f"not installed: {error}")
                continue
        else:
            raise SystemExit(f"unknown engine {name}")
        report(engine=name, metric="load_ms", value=load * 1000)
        for batch in (int(b) for b in args.batch_sizes.split(",")):
            workload = texts[: args.single_count] if batch == 1 else texts
            report(engine=name, metric="sentences_per_s", batch=batch, value=timed(embed, workload, batch, args.repetitions))
        # ru_maxrss covers the whole process, so only the first engine's figure is its own.
        report(engine=name, metric="peak_rss_mb_process", value=peak_rss_mb())


if __name__ == "__main__":
    main()
