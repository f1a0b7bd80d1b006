"""Time each stage of graphkit on a generated case, beside its reference.

    python benchmarks/generate.py M && python benchmarks/bench.py benchmarks/cases/M

Stages: read + validate (reference: the bare libyaml parse of the same files with
``yaml.load(..., Loader=yaml.CSafeLoader)``) and the same read again from the cache,
build, each metric (reference: igraph computing it from the same claim graph, conversion
included), annotate (metrics, communities, layout), each export, and the whole
``graphkit build`` in a subprocess, cold (``--no-cache``) and again with unchanged data,
each with its peak memory. Betweenness has a closer look in betweenness_bench.py.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import igraph
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit._gc import paused_gc  # noqa: E402
from graphkit.analyse import annotate  # noqa: E402
from graphkit.analyse.scores import DEFAULT_LIMITS, centrality  # noqa: E402
from graphkit.build import build_graph  # noqa: E402
from graphkit.export import DEFAULT_FORMATS, write_all  # noqa: E402
from graphkit.load import load_dataset  # noqa: E402
from graphkit.metrics import METRIC_KEYS as METRICS  # noqa: E402


def timed(label: str, func, rows: list, reference: float | None = None):
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    ratio = f"{seconds / reference:.2f}x" if reference else ""
    rows.append((label, seconds, ratio))
    print(f"{label:<40} {seconds:8.2f} s {ratio}", file=sys.stderr)
    return value, seconds


def igraph_reference(graph) -> dict:
    """igraph computing what graphkit reports, metric by metric, from the claim graph.

    Returns ``{metric: callable}``; each callable converts the claim graph's edges to an
    igraph graph (deduplicated, as graphkit's projection is) and computes the metric,
    exactly when the graph is within graphkit's exact budget, else from as many sampled
    sources as graphkit uses.
    """
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}

    def undirected():
        pairs = {(min(index[u], index[v]), max(index[u], index[v]))
                 for u, v in graph.edges() if u != v}
        return igraph.Graph(n=len(nodes), edges=sorted(pairs))

    def directed():
        arcs = {(index[u], index[v]) for u, v in graph.edges() if u != v}
        return igraph.Graph(n=len(nodes), directed=True, edges=sorted(arcs))

    def sampled(g):
        n, m = g.vcount(), g.ecount()
        if n * m <= DEFAULT_LIMITS.exact_steps:
            return None
        k = max(DEFAULT_LIMITS.min_sample, math.ceil(DEFAULT_LIMITS.sample_steps / m))
        return list(range(0, n, max(1, n // k)))

    def betweenness():
        g = undirected()
        return g.betweenness(directed=False, sources=sampled(g))

    def closeness():
        g = undirected()
        sources = sampled(g)
        return g.closeness() if sources is None else g.distances(source=sources)

    return {
        "degree": lambda: undirected().degree(),
        "in-degree": lambda: directed().indegree(),
        "out-degree": lambda: directed().outdegree(),
        "betweenness": betweenness,
        "closeness": closeness,
        "eigenvector": lambda: undirected().eigenvector_centrality(),
        "pagerank": lambda: undirected().pagerank(),
    }


def main() -> None:
    with paused_gc():  # as graphkit build does
        _main()


def _main() -> None:
    # the cache of this run is its own: a user's cache neither helps nor suffers
    os.environ.setdefault("GRAPHKIT_CACHE_DIR", tempfile.mkdtemp(prefix="graphkit-bench-"))
    parser = argparse.ArgumentParser()
    parser.add_argument("case", type=Path)
    args = parser.parse_args()
    rows: list = []
    files = [args.case / n for n in ("sources.yaml", "entities.yaml", "edges.yaml")]
    _, floor = timed("bare libyaml parse (reference)",
                     lambda: [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files],
                     rows)
    dataset, _ = timed("read + validate", lambda: load_dataset(args.case, use_cache=False),
                       rows, floor)
    load_dataset(args.case)  # fills the cache
    timed("read + validate, unchanged data (cache)", lambda: load_dataset(args.case), rows, floor)
    graph, _ = timed("build graph", lambda: build_graph(dataset), rows)
    references = igraph_reference(graph)
    for metric in METRICS:
        _, reference = timed(f"igraph {metric} (reference)", references[metric], rows)
        timed(f"graphkit {metric}", lambda m=metric: centrality(graph, m), rows, reference)
    graph, _ = timed("annotate (metrics, communities, layout)", lambda: annotate(graph),
                     rows)
    with tempfile.TemporaryDirectory() as out:
        for name in DEFAULT_FORMATS:
            timed(f"export {name}", lambda n=name: write_all(graph, out, formats=(n,)), rows)
        command = [sys.executable, "-m", "graphkit", "build", "--data", str(args.case),
                   "--out", out]
        for label, extra in (("graphkit build (subprocess, end to end)", ["--no-cache"]),
                             ("graphkit build again, data unchanged (cache)", [])):
            start = time.perf_counter()
            child = subprocess.Popen(command + extra, stdout=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(child.pid, 0)
            total = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{label} failed")
            rows.append((label, total, f"peak {usage.ru_maxrss / 1024:.0f} MB"))
            print(f"{label:<40} {total:8.2f} s", file=sys.stderr)
    print(f"\ncase: {args.case} ({len(dataset.entities)} actors, {len(dataset.claims)} claims); "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}\n")
    print("| stage | seconds | note |\n| --- | ---: | --- |")
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.2f} | {note} |")


if __name__ == "__main__":
    main()
