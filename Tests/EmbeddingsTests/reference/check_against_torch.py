"""One-off cross-check of the numpy reference (embeddings.json) against sentence-transformers on
torch CPU, for a machine that has torch (never needed in CI):

  python check_against_torch.py [--model DIR] [--out DIR]

Prints the largest absolute difference and the smallest cosine over all reference sentences.
"""
import argparse
import json
import pathlib

import numpy as np
from sentence_transformers import SentenceTransformer

REPO = pathlib.Path(__file__).resolve().parents[3]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(REPO / "models" / "all-MiniLM-L6-v2"))
    parser.add_argument("--out", default=str(REPO / ".build-ref" / "embeddings"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    corpus = json.loads((out / "corpus.json").read_text())
    reference = json.loads((out / "embeddings.json").read_text())
    texts = [corpus[i]["text"] for i in reference["indices"]]
    model = SentenceTransformer(args.model, device="cpu")
    actual = model.encode(texts, batch_size=32, convert_to_numpy=True).astype(np.float64)
    expected = np.array(reference["vectors"])
    cosine = (actual * expected).sum(axis=1) / (np.linalg.norm(actual, axis=1) * np.linalg.norm(expected, axis=1))
    print(f"{len(texts)} sentences: max abs difference {np.abs(actual - expected).max():.3g}, min cosine {cosine.min():.9f}")


if __name__ == "__main__":
    main()
