"""Node positions for drawing: seeded, deterministic, and fast enough for 5,000+ actors.

The HTML explorer draws with vis-network, whose in-browser physics is pleasant for a few
hundred nodes and hopeless for thousands (it can run for minutes and never settle). So the
layout is computed here, once, in Python, and the page starts from finished positions.

How:

* Claims are collapsed to one undirected link per pair of actors: a layout cares about
  who is connected, not how many claims or in which direction.
* Each connected component is laid out on its own with Fruchterman-Reingold, then the
  components are packed in rows, largest first, and actors with no claims go in a tidy grid
  below. One force simulation over everything would fling small components and isolates
  to the rim and squash the main component into the centre.
* igraph's Fruchterman-Reingold (C, grid-accelerated) computes it: about 0.6 s for 5,000
  nodes on a 2-core machine. ``backend="networkx"`` uses networkx's ``spring_layout``
  instead, with an iteration budget that shrinks as components grow (networkx needs
  about 70 s for 50 iterations at 5,000 nodes): a reference, rougher on large graphs.
* Every random choice comes from ``seed``: nodes are processed in sorted id order, start
  positions come from a seeded numpy generator, and igraph runs under
  :func:`~graphkit.analyse.projection.seeded_random`. Coordinates are rounded to 3
  decimals so that the same graph gives the same numbers (and the same exported bytes)
  run after run.

Units: one unit is roughly one typical link length. Renderers scale as they like.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np

from graphkit.analyse.projection import Projections, seeded_random

__all__ = ["compute_layout"]

Position = tuple[float, float]

#: Gap between packed components, in link lengths.
_GAP = 2.0
#: Largest component that gets the full networkx iteration budget in the fallback.
_NX_FULL_BUDGET_NODES = 1000


def compute_layout(
    graph: nx.MultiDiGraph, *, seed: int = 0, backend: str = "auto",
    projections: Projections | None = None,
) -> dict[Hashable, Position]:
    """Return ``{node: (x, y)}`` for every node of ``graph``.

    Parameters
    ----------
    graph : a claim graph (multi-edges and directions are ignored)
    seed : int
        Fixes every random choice; the same graph and seed give the same positions.
    backend : "auto" | "igraph" | "networkx"
        "auto" is igraph; "networkx" is the pure-Python reference. The two give
        different (each deterministic) pictures.
    projections : the graph's shared projections, if the caller has them

    Notes
    -----
    The graph is not modified. Node ids are sorted before anything else, so the result
    does not depend on the order in which nodes or edges were added.
    """
    use_igraph = _choose_backend(backend)
    views = Projections.of(graph, projections)
    simple = views.simple(False)
    components = views.components()  # largest first, ties by smallest id; ids sorted
    connected = [c for c in components if len(c) > 1]
    isolates = sorted(c[0] for c in components if len(c) == 1)

    blocks: list[dict[Hashable, Position]] = []
    for index, component in enumerate(connected):
        sub = simple.subgraph(component)
        blocks.append(_layout_component(sub, component, seed + index, use_igraph))
    if isolates:
        blocks.append(_grid(isolates))
    placed = _pack(blocks)
    return {node: (round(x, 3) + 0.0, round(y, 3) + 0.0) for node, (x, y) in placed.items()}


def _choose_backend(backend: str) -> bool:
    """True for igraph (the default), False for networkx."""
    if backend not in ("auto", "igraph", "networkx"):
        raise ValueError(f"unknown layout backend {backend!r}; use auto, igraph or networkx")
    return backend != "networkx"


def _layout_component(
    sub: nx.Graph, order: Sequence[Hashable], seed: int, use_igraph: bool
) -> dict[Hashable, Position]:
    """Lay out one connected component, scaled so the median link is one unit long."""
    n = len(order)
    if n == 2:
        return {order[0]: (0.0, 0.0), order[1]: (1.0, 0.0)}
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    fr = _igraph_fr if use_igraph else _networkx_fr
    coords = fr(sub, order, start, seed)
    index = {node: i for i, node in enumerate(order)}
    lengths = [float(np.linalg.norm(coords[index[u]] - coords[index[v]])) for u, v in sub.edges()]
    median = float(np.median(lengths)) if lengths else 1.0
    if median > 0:
        coords = coords / median
    coords = coords - coords.mean(axis=0)
    return {node: (float(coords[i, 0]), float(coords[i, 1])) for i, node in enumerate(order)}


def _igraph_fr(sub: nx.Graph, order: Sequence[Hashable], start: np.ndarray, seed: int) -> np.ndarray:
    """igraph's Fruchterman-Reingold from ``start``, seeded (see ``seeded_random``)."""
    import igraph

    index = {node: i for i, node in enumerate(order)}
    g = igraph.Graph(n=len(order), edges=[(index[u], index[v]) for u, v in sub.edges()])
    with seeded_random(seed):
        layout = g.layout_fruchterman_reingold(seed=start.tolist(),
                                               niter=_igraph_iterations(len(order)))
    return np.asarray(layout.coords, dtype=float)


def _igraph_iterations(n: int) -> int:
    """500 steps up to 5,000 actors, then fewer so that a step budget of 2.5 million
    actor-steps holds (at least 30): at 100,000 actors, 500 steps took 4 minutes, 30
    take 12 s. A component that large is a dense cloud whatever the step count; the
    explorer draws its most central actors (``--max-nodes``)."""
    return max(30, min(500, 2_500_000 // max(n, 1)))


def _networkx_fr(sub: nx.Graph, order: Sequence[Hashable], start: np.ndarray, seed: int) -> np.ndarray:
    """networkx's spring layout with an iteration budget that keeps big components bearable."""
    n = len(order)
    iterations = 50 if n <= _NX_FULL_BUDGET_NODES else max(8, 50 * _NX_FULL_BUDGET_NODES // n)
    initial = {node: (float(start[i, 0]), float(start[i, 1])) for i, node in enumerate(order)}
    pos = nx.spring_layout(sub, pos=initial, seed=seed, iterations=iterations)
    return np.array([pos[node] for node in order], dtype=float)


def _grid(nodes: Sequence[Hashable]) -> dict[Hashable, Position]:
    """Actors without claims, in rows one unit apart, in id order."""
    cols = max(1, math.ceil(math.sqrt(len(nodes)) * 1.6))
    return {node: (float(i % cols), float(i // cols)) for i, node in enumerate(nodes)}


def _pack(blocks: list[dict[Hashable, Position]]) -> dict[Hashable, Position]:
    """Place blocks left to right in rows (shelf packing), largest first, centred at 0.

    The row width aims at a roughly 4:3 picture of the total area, but never less than
    the widest block, so the main component sits alone at the top when it dominates.
    """
    boxes = []
    for block in blocks:
        xs = [p[0] for p in block.values()]
        ys = [p[1] for p in block.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + _GAP) * (h + _GAP) for _, _, w, h in boxes)
    widest = max((w for _, _, w, _ in boxes), default=0.0)
    row_width = max(widest, math.sqrt(area * 4 / 3))

    placed: dict[Hashable, Position] = {}
    cursor_x = cursor_y = row_height = 0.0
    for block, (x0, y0, w, h) in zip(blocks, boxes, strict=True):
        if cursor_x > 0 and cursor_x + w > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height + _GAP, 0.0
        for node, (x, y) in block.items():
            placed[node] = (x - x0 + cursor_x, y - y0 + cursor_y)
        cursor_x += w + _GAP
        row_height = max(row_height, h)
    if placed:
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        placed = {node: (x - cx, y - cy) for node, (x, y) in placed.items()}
    return placed
