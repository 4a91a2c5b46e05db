#!/usr/bin/env python3
"""HNSW search speed of Tessera against faiss IndexHNSWFlat and hnswlib, alternated round by round.

One run of vector_anchors.py times every index once, minutes apart, on a shared machine whose
load moves; its HNSW ratios move by ±15 % from run to run. This script builds each graph once
(M=16, efConstruction=200, cached in --cache): Tessera's float32 graph and its int8 graph
re-ranking k × 3 in float32 (against its own copy, and against the base rows), faiss
IndexHNSWFlat, hnswlib, and faiss's int8 graph with re-ranking. Then every round times each one
after the other at the same efSearch values (Tessera in a fresh vector-bench process loading
its saved index), rotating the order. It reports per index the median recall and queries per
second over the rounds, and for each recall target the ratio of Tessera's best median among
the settings that reach it to the best anchor's. A fine efSearch grid lets each index reach a
target at its own smallest width instead of all jumping to the same coarse step.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from vector_anchors import add_data_arguments, best_qps, recall, vector_bench_command


def rates(search_one, search_all, queries, truth, k):
    start = time.perf_counter()
    for i in range(len(queries)):
        search_one(queries[i:i + 1])
    single = len(queries) / (time.perf_counter() - start)
    start = time.perf_counter()
    found = search_all(queries)
    batch = len(queries) / (time.perf_counter() - start)
    return {"recall": recall(found, truth, k), "qps_single": single, "qps_batch": batch}


def faiss_graph(base, path, threads, make):
    """The faiss index cached at `path`, or a new one from `make(faiss, dimension)` filled with `base`,
    with its build seconds (None when cached)."""
    import faiss
    faiss.omp_set_num_threads(threads)
    if os.path.exists(path):
        return faiss.read_index(path), None
    index = make(faiss, base.shape[1])
    start = time.perf_counter()
    index.train(base)  # the scalar quantizer's ranges; nothing to do for IndexHNSWFlat
    index.add(base)
    seconds = time.perf_counter() - start
    faiss.write_index(index, path)
    return index, seconds


def faiss_flat_graph(faiss, dimension):
    index = faiss.IndexHNSWFlat(dimension, 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 200
    return index


def faiss_int8_refined_graph(faiss, dimension):
    """faiss's counterpart of Tessera's int8 graph with re-ranking: IndexHNSWSQ (8-bit scalar
    codes, M=16, efConstruction=200) inside IndexRefineFlat, which re-scores k × 3 candidates
    against its own float32 copy."""
    graph = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, 16, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = 200
    index = faiss.IndexRefineFlat(graph)
    index.k_factor = 3
    return index


def hnswlib_index(base, path, threads):
    import hnswlib
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    seconds = None
    if os.path.exists(path):
        index.load_index(path, max_elements=len(base))
    else:
        index.init_index(max_elements=len(base), M=16, ef_construction=200, random_seed=100)
        start = time.perf_counter()
        index.add_items(base, np.arange(len(base)), num_threads=threads)
        seconds = time.perf_counter() - start
        index.save_index(path)
    index.set_num_threads(threads)
    return index, seconds


# Tessera's configurations: the float32 graph, and the int8 graph re-ranking its best k × 3
# in float32 (against its own copy, or against the base rows the benchmark holds).
# Each: label → (index file name in the cache, vector-bench options).
TESSERA_KINDS = {
    "tessera hnsw": ("tessera-hnsw.index", ["--index", "hnsw"]),
    "tessera hnsw-int8 (re-rank x3)": ("tessera-hnsw-int8-rerank3.index", ["--index", "hnsw-int8", "--rerank", "3"]),
    "tessera hnsw-int8 (re-rank x3, from base)": (
        "tessera-hnsw-int8-rerank3-base.index", ["--index", "hnsw-int8", "--rerank", "3", "--rerank-from-base"]),
}


def tessera_round(args, name, cache, builds):
    """One fresh vector-bench process: builds and saves the index the first time, loads it after."""
    file_name, options = TESSERA_KINDS[name]
    index_path = os.path.join(cache, file_name)
    command = vector_bench_command(args) + options
    if os.path.exists(index_path):
        command += ["--load-index", index_path]
    else:
        command += ["--save-index", index_path]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    if "build_seconds" in report:
        builds[name] = report["build_seconds"]
    return {r["ef_search"]: r for r in report["results"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_arguments(ap)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cache", help="directory for the built indexes (default: beside --base)")
    ap.add_argument("--float32-only", action="store_true", help="time only Tessera's float32 graph")
    ap.add_argument("--out", help="write the per-round measurements as JSON here")
    args = ap.parse_args()

    base = np.load(args.base).astype(np.float32)
    queries = np.load(args.queries).astype(np.float32)
    truth = np.load(args.ground_truth)[:, :args.k]
    cache = args.cache or os.path.dirname(os.path.abspath(args.base))
    k = args.k

    print("building or loading the anchors' graphs…", file=sys.stderr, flush=True)
    builds = {}
    faiss_hnsw, builds["faiss"] = faiss_graph(base, os.path.join(cache, "faiss-hnsw.index"), args.threads, faiss_flat_graph)
    hnsw_lib, builds["hnswlib"] = hnswlib_index(base, os.path.join(cache, "hnswlib.index"), args.threads)
    if not args.float32_only:
        faiss_sq, builds["faiss int8 (refine x3)"] = faiss_graph(
            base, os.path.join(cache, "faiss-hnsw-sq8-refine3.index"), args.threads, faiss_int8_refined_graph)

    def faiss_round(index, graph):
        """Times `index`, setting the search width on `graph` (the HNSW inside it)."""
        def run():
            rows = {}
            for ef in args.ef_search:
                graph.hnsw.efSearch = ef
                rows[ef] = rates(lambda q: index.search(q, k)[1][0], lambda q: index.search(q, k)[1],
                                 queries, truth, k)
            return rows
        return run

    def hnswlib_round():
        rows = {}
        for ef in args.ef_search:
            hnsw_lib.set_ef(ef)
            rows[ef] = rates(lambda q: hnsw_lib.knn_query(q, k, num_threads=1)[0][0],
                             lambda q: hnsw_lib.knn_query(q, k, num_threads=args.threads)[0], queries, truth, k)
        return rows

    kinds = list(TESSERA_KINDS)[:1] if args.float32_only else list(TESSERA_KINDS)
    runners = {name: (lambda name=name: tessera_round(args, name, cache, builds)) for name in kinds}
    runners.update({"faiss": faiss_round(faiss_hnsw, faiss_hnsw), "hnswlib": hnswlib_round})
    if not args.float32_only:
        import faiss
        runners["faiss int8 (refine x3)"] = faiss_round(faiss_sq, faiss.downcast_index(faiss_sq.base_index))
    rounds = {name: [] for name in runners}
    for number in range(args.rounds):
        # Rotate the order so no index always runs right after the same one.
        names = list(runners)
        names = names[number % len(names):] + names[:number % len(names)]
        for name in names:
            rounds[name].append(runners[name]())
        print(f"round {number + 1}/{args.rounds} done", file=sys.stderr, flush=True)

    medians = {name: {ef: {field: statistics.median(r[ef][field] for r in results)
                           for field in ("recall", "qps_single", "qps_batch")}
                      for ef in args.ef_search}
               for name, results in rounds.items()}

    built = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in builds.items() if seconds is not None)
    if built:
        print(f"\nBuilt in this run ({args.threads} threads): {built}")
    print(f"\nMedians over {args.rounds} alternated rounds ({len(queries)} queries, k {k}, {args.threads} threads)\n")
    print("| index | ef | recall@k | q/s single | q/s batch |")
    print("|---|---:|---:|---:|---:|")
    for name, rows in medians.items():
        for ef, row in rows.items():
            print(f"| {name} | {ef} | {row['recall']:.4f} | {row['qps_single']:.0f} | {row['qps_batch']:.0f} |")

    def best(name, field, target):
        return best_qps({"results": list(medians[name].values())}, field, target)

    # Every Tessera configuration against the anchors (faiss IndexHNSWFlat, hnswlib);
    # the int8 ones also against faiss's own int8 graph with re-ranking.
    comparisons = [(name, ("faiss", "hnswlib")) for name in kinds]
    comparisons += [(name, ("faiss int8 (refine x3)",)) for name in kinds if "int8" in name]
    print("\n| Tessera | against | target | Tessera q/s | best anchor q/s | ratio |")
    print("|---|---|---|---:|---:|---:|")
    for name, against in comparisons:
        for target in (0.95, 0.99):
            for field, label in (("qps_single", "one at a time"), ("qps_batch", "all at once")):
                ours = best(name, field, target)
                anchors = [(best(anchor, field, target), anchor) for anchor in against]
                anchors = [a for a in anchors if a[0] is not None]
                prefix = f"| {name} | {' / '.join(against)} | recall ≥ {target}, {label}"
                if ours is None or not anchors:
                    print(f"{prefix} | {ours or '-'} | not reached | - |")
                    continue
                anchor, anchor_name = max(anchors)
                print(f"{prefix} | {ours:.0f} | {anchor:.0f} ({anchor_name}) | {ours / anchor:.2f}× |")

    if args.out:
        with open(args.out, "w") as handle:
            json.dump({"builds": builds, "rounds": rounds, "medians": medians}, handle, indent=1)


if __name__ == "__main__":
    main()
