"""Time each stage of graphkit on a generated case, beside its reference.

    python benchmarks/generate.py M && python benchmarks/bench.py benchmarks/cases/M

Stages: read + validate (reference: the bare libyaml parse of the same files with
``yaml.load(..., Loader=yaml.CSafeLoader)``), build, annotate (metrics, communities,
layout), each export, and the whole ``graphkit build`` in a subprocess with its peak
memory. Betweenness against igraph has its own script (betweenness_bench.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit.build import build_graph  # noqa: E402
from graphkit.export import DEFAULT_FORMATS, write_all  # noqa: E402
from graphkit.load import load_dataset  # noqa: E402
from graphkit.pipeline import annotate_graph  # noqa: E402


def timed(label: str, func, rows: list, reference: float | None = None):
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    ratio = f"{seconds / reference:.2f}x" if reference else ""
    rows.append((label, seconds, ratio))
    print(f"{label:<40} {seconds:8.2f} s {ratio}", file=sys.stderr)
    return value, seconds


def main() -> None:
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
    graph, _ = timed("annotate (metrics, communities, layout)", lambda: annotate_graph(graph),
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
