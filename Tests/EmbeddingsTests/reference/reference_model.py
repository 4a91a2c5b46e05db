"""A float64 numpy forward pass of a BERT sentence-transformer with mean pooling and L2
normalization: the reference the Swift encoder is checked against, without torch.

Float64 keeps the reference's own rounding far below the 1e-5 tolerance, so the comparison
measures the Swift engine's error, not the reference's.
"""
import json
import math
import pathlib

import numpy as np
from safetensors.numpy import load_file


def erf(x):
    """float64 erf without scipy (within 1e-14 of it): the Maclaurin series below 2.5, where
    its alternating terms stay small, and the continued fraction of erfc from 2.5 on."""
    a = np.abs(x)
    small = a < 2.5
    result = np.empty_like(a)
    s = a[small]
    term, total = s.copy(), s.copy()
    for n in range(1, 80):
        term = term * (-s * s) / n
        total = total + term / (2 * n + 1)
    result[small] = total * (2 / math.sqrt(math.pi))
    b = a[~small]
    fraction = np.zeros_like(b)
    for k in range(80, 0, -1):
        fraction = (k / 2) / (b + fraction)
    result[~small] = 1 - np.exp(-b * b) / math.sqrt(math.pi) / (b + fraction)
    return np.sign(x) * result


class ReferenceModel:
    def __init__(self, model_dir):
        model_dir = pathlib.Path(model_dir)
        self.config = json.loads((model_dir / "config.json").read_text())
        tensors = load_file(str(model_dir / "model.safetensors"))
        self.w = {name: value.astype(np.float64) for name, value in tensors.items() if value.dtype == np.float32}
        self.heads = self.config["num_attention_heads"]
        self.eps = self.config["layer_norm_eps"]

    def _layer_norm(self, x, prefix):
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + self.eps) * self.w[prefix + ".weight"] + self.w[prefix + ".bias"]

    def _linear(self, x, prefix):
        return x @ self.w[prefix + ".weight"].T + self.w[prefix + ".bias"]

    def embed(self, ids):
        """One sentence (token ids with [CLS]/[SEP]) -> unit-length float64 vector."""
        w = self.w
        n = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = self._layer_norm(x, "embeddings.LayerNorm")
        hidden = x.shape[1]
        head = hidden // self.heads
        for layer in range(self.config["num_hidden_layers"]):
            p = f"encoder.layer.{layer}"
            q = self._linear(x, p + ".attention.self.query").reshape(n, self.heads, head).transpose(1, 0, 2)
            k = self._linear(x, p + ".attention.self.key").reshape(n, self.heads, head).transpose(1, 0, 2)
            v = self._linear(x, p + ".attention.self.value").reshape(n, self.heads, head).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(head)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
            x = self._layer_norm(self._linear(context, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm")
            inner = self._linear(x, p + ".intermediate.dense")
            inner = 0.5 * inner * (1 + erf(inner / math.sqrt(2)))
            x = self._layer_norm(self._linear(inner, p + ".output.dense") + x, p + ".output.LayerNorm")
        pooled = x.mean(axis=0)
        return pooled / max(np.linalg.norm(pooled), 1e-12)
