"""Time each file export on a synthetic claim graph, and compare with networkx's writers.

Run by hand:

    python benchmarks/export_bench.py                       # 10k actors, 50k claims
    python benchmarks/export_bench.py --actors 2000 --claims 10000 --repeat 3

Timed, each the best of ``--repeat`` runs, writing into a temporary folder:

- ``graphkit graphml | gexf | json | csv``: the exporters as ``graphkit build`` calls them;
- ``networkx write_graphml`` / ``write_gexf``: the networkx writers on a copy of the
  graph flattened just enough for them to run (lists joined, None and the evidence
  dropped), as a reference for "what a hand-rolled export costs". They produce files
  with the problems docs/exports.md lists, so this compares speed only.

The graph has full attributes (metrics, aliases, dated claims, evidence, free
attributes), so the flattening is part of what is timed.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from graphkit.export.gexf import write_gexf
from graphkit.export.graphml import write_graphml
from graphkit.export.tabular import write_csv, write_json
from graphkit.vocab import load_vocabulary


def synthetic_case(actors: int, claims: int, seed: int = 1) -> nx.MultiDiGraph:
    """A claim graph per docs/internals.md, with metrics, dates and evidence."""
    rng = random.Random(seed)
    vocab = load_vocabulary()
    relations = list(vocab.relations)
    graph = nx.MultiDiGraph()
    graph.graph.update(name="synthetic", vocabulary=vocab, filter=None,
                       sources={"s": {"id": "s", "title": "A source", "author": None,
                                      "publisher": None, "date": "2012", "url": None,
                                      "archive": None}})
    ids = [f"actor-{i:05d}" for i in range(actors)]
    for i, node in enumerate(ids):
        graph.add_node(node, label=f"Actor {i} Жанаөзен", type="person",
                       aliases=[f"A{i}", f"Актёр {i}"], description="A person." * 3,
                       country="KZ", date=None, start=None, end=None, sources=["s"],
                       degree=rng.randrange(50), pagerank=rng.random() / actors,
                       betweenness=rng.random(), community=rng.randrange(20),
                       x=rng.uniform(-1, 1), y=rng.uniform(-1, 1))
    for c in range(claims):
        u, v = rng.sample(range(actors), 2)
        relation = rng.choice(relations)
        key = f"claim-{c:06d}"
        year = rng.choice([None, "2011", "2011-12", "2012-06-04"])
        graph.add_edge(ids[u], ids[v], key=key, id=key, relation=relation,
                       label=vocab.relations[relation].label,
                       directed=vocab.relations[relation].directed, date=year, start=None,
                       end=None, status="confirmed", claimed_by=[],
                       attributes={"years": rng.randrange(10)},
                       evidence=[{"source": "s", "lines": [str(c + 1)], "note": "Said so."}],
                       sources=["s"])
    return graph


def naive_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Just enough flattening for networkx's writers to accept the graph."""
    copy = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        copy.add_node(node, **{k: "; ".join(v) if isinstance(v, list) else v
                               for k, v in attrs.items() if v is not None})
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        copy.add_edge(u, v, key=k, **{a: "; ".join(x) if isinstance(x, list) else x
                                      for a, x in attrs.items()
                                      if x is not None and a not in ("evidence", "attributes")})
    return copy


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    graph = synthetic_case(args.actors, args.claims)
    naive = naive_copy(graph)
    print(f"{args.actors} actors, {args.claims} claims; Python {platform.python_version()}, "
          f"networkx {nx.__version__}, {platform.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases = [
            ("graphkit graphml", lambda: write_graphml(graph, out / "g.graphml"), "g.graphml"),
            ("graphkit gexf", lambda: write_gexf(graph, out / "g.gexf"), "g.gexf"),
            ("graphkit json", lambda: write_json(graph, out / "g.json"), "g.json"),
            ("graphkit csv", lambda: write_csv(graph, out / "csv"), "csv/edges.csv"),
            ("networkx write_graphml", lambda: nx.write_graphml(naive, out / "n.graphml"),
             "n.graphml"),
            ("networkx write_gexf", lambda: nx.write_gexf(naive, out / "n.gexf"), "n.gexf"),
        ]
        for name, action, produced in cases:
            seconds = best_of(args.repeat, action)
            size = (out / produced).stat().st_size / 1e6
            print(f"{name:<24} {seconds:7.2f} s   {size:7.1f} MB")


if __name__ == "__main__":
    main()
