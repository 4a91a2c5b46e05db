"""Line coverage per module of Sources/, from the llvm-cov export that `swift test
--enable-code-coverage` writes (its path: `swift test --show-codecov-path`).

    .venv/bin/python scripts/coverage.py PATH/TO/Tessera.json [--minimum 80]

Prints one row per module (covered lines, lines, percent) and the total over Sources/; exits 1
when the total is under --minimum. Tests, dependencies and generated code are left out.
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("export", type=Path)
    parser.add_argument("--minimum", type=float, default=0)
    args = parser.parse_args()
    sources = str(REPO / "Sources") + "/"
    covered, total = defaultdict(int), defaultdict(int)
    for data in json.loads(args.export.read_text())["data"]:
        for entry in data["files"]:
            name = entry["filename"]
            if not name.startswith(sources):
                continue
            module = name[len(sources):].split("/", 1)[0]
            lines = entry["summary"]["lines"]
            covered[module] += lines["covered"]
            total[module] += lines["count"]
    if not total:
        sys.exit(f"no file under {sources} in {args.export}: was it built from this checkout?")
    width = max(map(len, total))
    print(f"{'module':<{width}}  {'covered':>8}  {'lines':>7}  {'%':>6}")
    for module in sorted(total):
        print(f"{module:<{width}}  {covered[module]:>8}  {total[module]:>7}  {100 * covered[module] / total[module]:>6.1f}")
    all_covered, all_lines = sum(covered.values()), sum(total.values())
    percent = 100 * all_covered / all_lines
    print(f"{'total':<{width}}  {all_covered:>8}  {all_lines:>7}  {percent:>6.1f}")
    if percent < args.minimum:
        sys.exit(f"line coverage {percent:.1f}% is under the minimum {args.minimum}%")


if __name__ == "__main__":
    main()
