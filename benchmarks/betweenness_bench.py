"""Exact betweenness on a synthetic 10,000-actor / 50,000-claim case: graphkit vs igraph.

Run by hand (it takes a few minutes on a 2-core machine):

    python benchmarks/betweenness_bench.py                 # 10k actors, 50k claims
    python benchmarks/betweenness_bench.py --actors 2000 --claims 10000 --networkx

What is timed, each the best of ``--repeat`` runs:

- ``igraph (compute only)``: ``Graph.betweenness()`` on an igraph graph built beforehand,
  the floor any Python tool wrapping igraph can reach;
- ``igraph (with conversion)``: the same, plus building the igraph graph from the
  claim graph's edge list (what a user of networkx + igraph would write by hand);
- ``graphkit``: ``graphkit.analyse.centrality(graph, "betweenness")`` from the claim
  graph (a ``networkx.MultiDiGraph`` with one edge per claim): collapse to the simple
  undirected projection, convert, compute, rescale to networkx's normalisation;
- ``graphkit + progress``: the same with a progress callback (relayed from igraph's own
  progress reports, as the CLI does when stderr is a terminal);
- ``networkx`` (only with ``--networkx``): ``nx.betweenness_centrality`` on the
  projection, exact when the graph is small; at 10k actors it is estimated from
  ``--nx-sample`` source nodes (``k=``) scaled to all sources, since the exact run takes
  over a quarter of an hour.

The synthetic case: actors attach preferentially (a few hubs, as in a real case where
the state oil company or a court has many ties), 10% of the claims are of a symmetric
relation, and some pairs get several claims. The generator is seeded.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable

import networkx as nx


def synthetic_case(actors: int, claims: int, seed: int = 1) -> nx.MultiDiGraph:
    """A claim graph per docs/internals.md with ``actors`` nodes and ``claims`` edges."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(name="synthetic")
    ids = [f"actor-{i:05d}" for i in range(actors)]
    for i, node in enumerate(ids):
        graph.add_node(node, label=f"Actor {i}", type="person", aliases=[], sources=[])
    weight = [1.0] * actors  # preferential attachment: degree + 1
    for c in range(claims):
        if rng.random() < 0.7:
            u, v = rng.choices(range(actors), weights=weight, k=2)
        else:
            u, v = rng.randrange(actors), rng.randrange(actors)
        if u == v:
            v = (u + 1 + rng.randrange(actors - 1)) % actors
        weight[u] += 1
        weight[v] += 1
        symmetric = rng.random() < 0.1
        key = f"claim-{c:06d}"
        graph.add_edge(ids[u], ids[v], key=key, id=key,
                       relation="family_of" if symmetric else "supports",
                       label="family of" if symmetric else "supports",
                       directed=not symmetric, status="confirmed", evidence=[], sources=[])
    return graph


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--networkx", action="store_true",
                        help="also time networkx (estimated from a sample above 3,000 actors)")
    parser.add_argument("--nx-sample", type=int, default=200)
    args = parser.parse_args()

    import igraph

    from graphkit.analyse.projection import collapse
    from graphkit.analyse.scores import centrality

    graph = synthetic_case(args.actors, args.claims, args.seed)
    simple = collapse(graph)
    print(f"case: {graph.number_of_nodes()} actors, {graph.number_of_edges()} claims, "
          f"{simple.number_of_edges()} ties in the undirected projection, "
          f"{nx.number_connected_components(simple)} components")
    print(f"machine: {platform.python_implementation()} {platform.python_version()}, "
          f"networkx {nx.__version__}, igraph {igraph.__version__}")

    def to_igraph() -> igraph.Graph:
        nodes = list(graph.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        return igraph.Graph(n=len(nodes), edges=[(index[u], index[v])
                                                for u, v in graph.edges()]).simplify()

    prebuilt = to_igraph()
    rows: list[tuple[str, float]] = []
    t_ig, raw = best_of(args.repeat, lambda: prebuilt.betweenness(directed=False))
    rows.append(("igraph (compute only)", t_ig))
    t_igc, _ = best_of(args.repeat, lambda: to_igraph().betweenness(directed=False))
    rows.append(("igraph (with conversion)", t_igc))
    t_gk, scores = best_of(args.repeat, lambda: centrality(graph, "betweenness"))
    rows.append(("graphkit (engine auto = igraph)", t_gk))
    t_gkp, scores_p = best_of(args.repeat, lambda: centrality(
        graph, "betweenness", progress=lambda done, total: None))
    rows.append(("graphkit + progress callback", t_gkp))

    # the answers agree: graphkit's value is igraph's pair count rescaled the networkx way
    n = graph.number_of_nodes()
    scale = 2 / ((n - 1) * (n - 2))
    nodes = list(graph.nodes)
    worst = max(abs(scores[nodes[i]] - raw[i] * scale) for i in range(n))  # type: ignore[index]
    worst_p = max(abs(scores_p[v] - scores[v]) for v in nodes)  # type: ignore[index]
    assert worst < 1e-9 and worst_p < 1e-9, (worst, worst_p)

    if args.networkx:
        if n <= 3000:
            t_nx, reference = best_of(1, lambda: nx.betweenness_centrality(simple))
            worst_nx = max(abs(scores[v] - reference[v]) for v in nodes)  # type: ignore[index]
            rows.append(("networkx (exact)", t_nx))
            print(f"largest difference from networkx: {worst_nx:.2e}")
        else:
            k = args.nx_sample
            t_k, _ = best_of(1, lambda: nx.betweenness_centrality(simple, k=k, seed=1))
            rows.append((f"networkx (estimated from k={k} sources)", t_k * n / k))

    print()
    print("| run | seconds | ratio to igraph compute | ratio to igraph with conversion |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / t_ig:.2f} | {seconds / t_igc:.2f} |")


if __name__ == "__main__":
    main()
