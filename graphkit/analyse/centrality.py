"""Centrality of each actor: who is connected, who brokers, who is close to everyone.

Every metric is computed on the simple projection of the claim graph (see
:mod:`graphkit.analyse._collapse`): undirected by default, directed on request. The
values are **networkx's normalised values**, whichever engine computes them, so that a
number in a graphkit report means what the networkx documentation says it means:

=============  ====================================================================
degree         ``nx.degree_centrality``: ties / (n - 1)
in-degree      ``nx.in_degree_centrality`` on the directed projection (always)
out-degree     ``nx.out_degree_centrality`` on the directed projection (always)
betweenness    ``nx.betweenness_centrality(normalized=True)``: the share of shortest
               paths between other pairs that pass through the actor
closeness      ``nx.closeness_centrality`` with the Wasserman-Faust correction for
               disconnected graphs; on the directed projection, distance *to* the actor
eigenvector    ``nx.eigenvector_centrality`` (unit Euclidean norm; in-links when directed)
pagerank       ``nx.pagerank(alpha=0.85)``
=============  ====================================================================

Engines: exact betweenness and closeness cost a breadth-first search from every actor
(O(n·m)); in pure Python that is about 50 times slower than in C. When python-igraph is
installed it computes those two (``engine="auto"``), and the results are rescaled to
networkx's conventions (see ``_igraph_betweenness`` and ``_igraph_closeness``); the tests
check both engines against networkx to 1e-6. Eigenvector centrality and PageRank are
networkx's: networkx's values are defined by its power iteration stopping at
``tol=1e-6``, whereas igraph solves the eigenproblem exactly; the two differ by about
1e-5 on a random 10k-actor graph, more than the 1e-6 promised. PageRank runs in
networkx's own scipy code; eigenvector centrality repeats networkx's iteration with
sparse matrices (``_power_iteration``), which gives the same numbers 6 times faster.

Estimates on large graphs: an exact run costs about one step per actor and tie
(n·m). Above :data:`EXACT_BUDGET` such steps (10,000 actors with 100,000 ties; about 20 s
in igraph), betweenness and closeness are **estimated** from a seeded sample of actors,
as networkx's ``k=`` does and as the literature recommends (Brandes and Pich 2007 for
betweenness: dependencies from k sampled sources scaled by n/k; Eppstein and Wang 2004
for closeness: distances from k sampled pivots, per connected component, scaled to the
component). The sample holds about :data:`SAMPLE_BUDGET` / m actors (at least
:data:`MIN_SAMPLE`), drawn with ``random.Random(seed)`` from the sorted actor ids, so
the same data and seed give the same numbers on every machine and with either engine.
``exact=True`` forces the exact computation, ``sample=k`` sets the sample size;
:func:`sample_plan` says what a call will do, so reports can state it. Directed
closeness is always exact.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import networkx as nx

from graphkit.analyse._collapse import collapse
from graphkit.errors import GraphkitError, UsageError

__all__ = ["METRICS", "ATTRIBUTES", "Progress", "centrality", "centralities", "rank",
           "metric_scores", "default_engine", "choose_engine", "to_igraph", "sample_plan",
           "EXACT_BUDGET", "SAMPLE_BUDGET", "MIN_SAMPLE", "ALWAYS_DIRECTED"]

#: Metric names, in the order reports list them.
METRICS: tuple[str, ...] = ("degree", "in-degree", "out-degree", "betweenness", "closeness",
                            "eigenvector", "pagerank")
#: Node attribute written by :func:`graphkit.analyse.annotate` for each metric.
ATTRIBUTES: dict[str, str] = {m: m.replace("-", "_") for m in METRICS}
#: Metrics that only make sense on the directed projection.
ALWAYS_DIRECTED = frozenset({"in-degree", "out-degree"})
#: Metrics whose cost grows as n·m and that report progress.
_SLOW = frozenset({"betweenness", "closeness"})

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as a long computation advances (done from 0 to total)."""

_CHUNKS = 100  # progress slices for the networkx engine (igraph reports its own)

#: Above this many actor·tie steps, betweenness and closeness are estimated.
EXACT_BUDGET = 1_000_000_000
#: The steps an estimate may spend: its sample holds SAMPLE_BUDGET / ties actors ...
SAMPLE_BUDGET = 500_000_000
#: ... and never fewer than this.
MIN_SAMPLE = 256
_PIVOTS_PER_COMPONENT = 32  # closeness: smaller components are measured exactly


def sample_plan(simple: nx.Graph, metric: str, *, exact: bool | None = None,
                sample: int | None = None) -> int | None:
    """How many sampled actors ``metric`` will use on ``simple``; None when exact.

    ``exact=True`` always gives None; ``sample=k`` asks for k (None if k covers
    everyone); otherwise the size decides (see the module notes).
    """
    metric = _check_metric(metric)
    if metric not in _SLOW or exact:
        return None
    if metric == "closeness" and simple.is_directed():
        return None
    n, m = simple.number_of_nodes(), simple.number_of_edges()
    if sample is not None:
        if sample < 1:
            raise UsageError("the sample must hold at least 1 actor")
        return sample if sample < n else None
    if n * m <= EXACT_BUDGET:
        return None
    k = max(MIN_SAMPLE, math.ceil(SAMPLE_BUDGET / max(m, 1)))
    return k if k < n else None


def _strata(g: nx.Graph, k: int, seed: int) -> tuple[list[Any], dict[Any, float], dict[Any, int]]:
    """A sample of about ``k`` actors drawn component by component.

    Shortest paths never leave a (weakly) connected component, so each component is
    sampled on its own, in proportion to its size but with at least 32 actors: a small
    component is then measured exactly, and a large one is scaled up by its size over
    its sample. Returns the sampled actors, each actor's scale-up factor (component
    size / sampled in it) and each actor's component size. Components are visited in
    the order of their smallest id and drawn with ``random.Random(seed)`` from sorted
    ids, so the sample does not depend on the order nodes were added in.
    """
    parts = nx.weakly_connected_components(g) if g.is_directed() else nx.connected_components(g)
    groups = sorted((sorted(p, key=str) for p in parts), key=lambda p: str(p[0]))
    n = g.number_of_nodes()
    rng = random.Random(seed)
    chosen: list[Any] = []
    factor: dict[Any, float] = {}
    size: dict[Any, int] = {}
    for group in groups:
        want = min(len(group), max(_PIVOTS_PER_COMPONENT, round(k * len(group) / n)))
        chosen += group if want == len(group) else rng.sample(group, want)
        for v in group:
            factor[v] = len(group) / want
            size[v] = len(group)
    return chosen, factor, size


def default_engine() -> str:
    """``"igraph"`` when python-igraph is installed, else ``"networkx"``."""
    return "igraph" if importlib.util.find_spec("igraph") is not None else "networkx"


def _check_metric(metric: str) -> str:
    name = metric.strip().lower().replace("_", "-")
    if name not in METRICS:
        raise UsageError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")
    return name


def choose_engine(engine: str) -> str:
    """The engine ``engine`` names (``auto`` picks igraph when installed); UsageError if unusable."""
    if engine == "auto":
        return default_engine()
    if engine not in ("igraph", "networkx"):
        raise UsageError(f"unknown engine {engine!r}; choose auto, igraph or networkx")
    if engine == "igraph" and importlib.util.find_spec("igraph") is None:
        raise UsageError("engine 'igraph' needs python-igraph (pip install igraph)")
    return engine


def _chunks(items: Sequence[Any], count: int) -> list[Sequence[Any]]:
    size = max(1, math.ceil(len(items) / count))
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- networkx engine -------------------------------------------------------------------


def _nx_betweenness(g: nx.Graph, progress: Progress | None, sources: list[Any] | None = None,
                    factor: dict[Any, float] | None = None) -> dict[str, float]:
    if (progress is None and sources is None) or len(g) < 3:
        return nx.betweenness_centrality(g, normalized=True)
    # The same Brandes accumulation, one slice of sources at a time so progress can be
    # reported: with every node as a target, the subset sums add up to the full
    # unnormalised betweenness, which is then scaled as networkx does. From a sample
    # of sources, each actor's sum is scaled up by its ``factor`` (see _strata).
    nodes = list(g)
    chosen = nodes if sources is None else sources
    total = {n: 0.0 for n in nodes}
    report = progress or (lambda _done, _total: None)
    report(0, len(chosen))
    done = 0
    for chunk in _chunks(chosen, _CHUNKS):
        part = nx.betweenness_centrality_subset(g, chunk, nodes, normalized=False)
        for n, value in part.items():
            total[n] += value
        done += len(chunk)
        report(done, len(chosen))
    n = len(nodes)
    scale = (1 if g.is_directed() else 2) / ((n - 1) * (n - 2))
    return {v: total[v] * scale * (factor[v] if factor else 1.0) for v in nodes}


def _nx_closeness(g: nx.Graph, progress: Progress | None) -> dict[str, float]:
    if progress is None:
        return nx.closeness_centrality(g)
    # networkx's formula, node by node (it measures distance *to* u on digraphs).
    reach = g.reverse(copy=False) if g.is_directed() else g
    n = len(g)
    nodes = list(g)
    result: dict[str, float] = {}
    progress(0, n)
    step = max(1, n // _CHUNKS)
    for i, u in enumerate(nodes, 1):
        sp = nx.single_source_shortest_path_length(reach, u)
        totsp = sum(sp.values())
        value = 0.0
        if totsp > 0.0 and n > 1:
            value = (len(sp) - 1.0) / totsp
            value *= (len(sp) - 1.0) / (n - 1)
        result[u] = value
        if i % step == 0 or i == n:
            progress(i, n)
    return result


# --- igraph engine ---------------------------------------------------------------------


def to_igraph(g: nx.Graph) -> tuple[Any, list[str]]:
    """An igraph copy of a simple graph, and the node ids in igraph's vertex order."""
    import igraph

    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in g.edges()]
    return igraph.Graph(n=len(nodes), edges=edges, directed=g.is_directed()), nodes


@contextlib.contextmanager
def _igraph_progress(progress: Progress | None, total: int) -> Iterator[None]:
    """Relay igraph's own progress reports (one per source vertex) to ``progress``.

    igraph's C core reports progress from inside betweenness and closeness; listening
    to it costs about nothing, whereas slicing the sources to report progress from
    Python made the computation 2.5 times slower at 10,000 actors (igraph's subset
    betweenness is a slower code path). The handler is process-global in igraph, so it
    is installed only for the duration of the call.
    """
    if progress is None or total == 0:
        yield
        return
    import igraph

    last = [-1]

    def relay(_message: str, percent: float) -> None:
        done = min(total, round(percent * total / 100))
        if done != last[0] and (done == total or done * 100 // total != last[0] * 100 // total):
            last[0] = done
            progress(done, total)

    progress(0, total)
    last[0] = 0
    igraph.set_progress_handler(relay)
    try:
        yield
    finally:
        igraph.set_progress_handler(None)
    if last[0] != total:
        progress(total, total)


def _igraph_betweenness(g: nx.Graph, progress: Progress | None, sources: list[Any] | None = None,
                        factor: dict[Any, float] | None = None) -> dict[str, float]:
    """igraph counts each unordered pair once on undirected graphs; networkx normalises
    by ``(n-1)(n-2)/2`` pairs there and ``(n-1)(n-2)`` ordered pairs on digraphs, which
    comes to ``raw * 2 / ((n-1)(n-2))`` and ``raw / ((n-1)(n-2))``. igraph's subset
    betweenness from sampled sources counts the same way (it equals networkx's
    ``betweenness_centrality_subset``), and is scaled up by each actor's ``factor``."""
    ig, nodes = to_igraph(g)
    n = len(nodes)
    directed = g.is_directed()
    if n <= 2:
        return {v: 0.0 for v in nodes}
    if sources is None:
        with _igraph_progress(progress, n):
            raw = ig.betweenness(directed=directed)
    else:
        index = {v: i for i, v in enumerate(nodes)}
        ids = [index[v] for v in sources]
        raw = [0.0] * n
        report = progress or (lambda _done, _total: None)
        report(0, len(ids))
        done = 0
        for chunk in _chunks(ids, 20):  # igraph reports no progress for subsets
            part = ig.betweenness(directed=directed, sources=chunk)
            raw = [a + b for a, b in zip(raw, part, strict=True)]
            done += len(chunk)
            report(done, len(ids))
    scale = (1 if directed else 2) / ((n - 1) * (n - 2))
    return {v: raw[i] * scale * (factor[v] if factor else 1.0) for i, v in enumerate(nodes)}


def _igraph_closeness(g: nx.Graph, progress: Progress | None) -> dict[str, float]:
    """igraph's normalised closeness is ``(r-1)/sum(d)`` over the r actors that reach v
    (v included) and NaN when none does; networkx multiplies by ``(r-1)/(n-1)``
    (Wasserman and Faust) so an actor in a small component does not look central."""
    ig, nodes = to_igraph(g)
    n = len(nodes)
    mode = "in" if g.is_directed() else "all"
    with _igraph_progress(progress, n):
        close = ig.closeness(mode=mode, normalized=True)
    if n <= 1:
        return {v: 0.0 for v in nodes}
    if g.is_directed():
        connected = ig.is_connected(mode="strong")
        reached = [n] * n if connected else ig.neighborhood_size(order=n, mode="in")
    else:
        membership = ig.connected_components().membership
        sizes: dict[int, int] = {}
        for c in membership:
            sizes[c] = sizes.get(c, 0) + 1
        reached = [sizes[c] for c in membership]
    result = {}
    for i, v in enumerate(nodes):
        value = close[i]
        result[v] = 0.0 if math.isnan(value) else value * (reached[i] - 1) / (n - 1)
    return result


def _sampled_closeness(g: nx.Graph, k: int, seed: int,
                       progress: Progress | None) -> dict[str, float]:
    """Closeness on an undirected graph from the distances to sampled pivots.

    For an actor v in a component of r actors, networkx's value is
    ``(r-1)^2 / ((n-1) * S(v))`` with S(v) the sum of distances from v to its component.
    S(v) is estimated as the sum of distances to the pivots sampled in that component
    times the component's scale-up factor (Eppstein and Wang; pivots from
    :func:`_strata`, so components of 32 actors or fewer are measured exactly). The
    breadth-first searches run in scipy's C code, whichever engine is chosen.
    """
    import numpy as np
    import scipy.sparse as sparse
    from scipy.sparse.csgraph import shortest_path

    nodes = list(g)
    n = len(nodes)
    if n <= 1:
        return {v: 0.0 for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)
    matrix = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    chosen, factor, size = _strata(g, k, seed)
    pivots = [index[v] for v in chosen if size[v] > 1]
    sums = np.zeros(n)
    report = progress or (lambda _done, _total: None)
    report(0, len(pivots))
    step = 64
    for start in range(0, len(pivots), step):
        rows = shortest_path(matrix, directed=False, unweighted=True,
                             indices=pivots[start:start + step])
        rows[np.isinf(rows)] = 0.0
        sums += rows.sum(axis=0)
        report(min(start + step, len(pivots)), len(pivots))
    result = {}
    for i, v in enumerate(nodes):
        total = sums[i] * factor[v]
        result[v] = float((size[v] - 1) ** 2 / ((n - 1) * total)) if total > 0 else 0.0
    return result


# --- metrics shared by both engines ----------------------------------------------------


def _eigenvector(g: nx.Graph) -> dict[str, float]:
    if len(g) == 0:
        return {}
    # Undirected: networkx's iteration on A + I always has a limit (A is symmetric), but
    # with several components of similar size 100 steps may not reach it; up to 1000
    # steps gives networkx's own values wherever 100 sufficed, and the limit elsewhere.
    # Directed: networkx's 100 steps are kept, because on a graph without cycles more
    # steps do not fail, they converge to noise.
    max_iter = 100 if g.is_directed() else 1000
    try:
        return _power_iteration(g, max_iter=max_iter, tol=1.0e-6)
    except nx.PowerIterationFailedConvergence as exc:
        hint = ("on the directed projection it needs cycles of claims; drop --directed "
                "or use pagerank" if g.is_directed() else "use pagerank instead")
        raise GraphkitError("eigenvector centrality does not converge on this graph "
                            f"({hint})") from exc


def _power_iteration(g: nx.Graph, max_iter: int, tol: float) -> dict[str, float]:
    """``nx.eigenvector_centrality(g, weight=None)``, step for step, in sparse matrices.

    The same iteration on A + I from the uniform vector, the same Euclidean
    normalisation and the same stopping rule (sum of changes below n·tol), so the values
    equal networkx's to rounding (about 1e-15); 6 times faster at 10,000 actors, where
    networkx loops over neighbours in Python.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    matrix = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr")
    step = matrix.T.tocsr()  # x[nbr] += xlast[node] for each arc node -> nbr
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + step @ last
        norm = float(np.linalg.norm(x)) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return {v: float(x[i]) for i, v in enumerate(nodes)}
    raise nx.PowerIterationFailedConvergence(max_iter)


def _pagerank(g: nx.Graph) -> dict[str, float]:
    if len(g) == 0:
        return {}
    return nx.pagerank(g, alpha=0.85, weight=None)


def metric_scores(simple: nx.Graph, metric: str, *, engine: str = "auto",
                  progress: Progress | None = None, exact: bool | None = None,
                  sample: int | None = None, seed: int = 42) -> dict[str, float]:
    """One metric on an already-collapsed simple graph (see :func:`collapse`).

    For callers computing several metrics on the same projection; :func:`centrality`
    is the usual entry point. ``exact``, ``sample`` and ``seed``: see :func:`sample_plan`.
    """
    metric = _check_metric(metric)
    engine = choose_engine(engine)
    k = sample_plan(simple, metric, exact=exact, sample=sample)
    if k is not None and metric == "betweenness":
        sources, factor, _size = _strata(simple, k, seed)
        compute_b = _igraph_betweenness if engine == "igraph" else _nx_betweenness
        scores = compute_b(simple, progress, sources, factor)
        return {n: float(scores[n]) for n in sorted(scores)}
    if k is not None and metric == "closeness":
        scores = _sampled_closeness(simple, k, seed, progress)
        return {n: float(scores[n]) for n in sorted(scores)}
    if metric == "degree":
        scores = nx.degree_centrality(simple)
    elif metric == "in-degree":
        scores = nx.in_degree_centrality(simple)
    elif metric == "out-degree":
        scores = nx.out_degree_centrality(simple)
    elif metric == "betweenness":
        scores = (_igraph_betweenness if engine == "igraph" else _nx_betweenness)(
            simple, progress)
    elif metric == "closeness":
        scores = (_igraph_closeness if engine == "igraph" else _nx_closeness)(simple, progress)
    elif metric == "eigenvector":
        scores = _eigenvector(simple)
    else:
        scores = _pagerank(simple)
    return {n: float(scores[n]) for n in sorted(scores)}


def centrality(graph: nx.MultiDiGraph, metric: str = "degree", *, directed: bool = False,
               engine: str = "auto", progress: Progress | None = None,
               exact: bool | None = None, sample: int | None = None,
               seed: int = 42) -> dict[str, float]:
    """Score every actor of a claim graph by one metric.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A claim graph (any filter already applied).
    metric : str
        One of :data:`METRICS`.
    directed : bool
        Use the directed projection instead of the undirected one. ``in-degree`` and
        ``out-degree`` always use it.
    engine : {"auto", "igraph", "networkx"}
        Who computes betweenness and closeness; the values are the same to 1e-6.
    progress : callable, optional
        ``progress(done, total)`` for betweenness and closeness.
    exact, sample, seed
        Betweenness and closeness on large graphs are estimated from a seeded sample
        of ``sample`` actors unless ``exact`` (see :func:`sample_plan`).

    Returns
    -------
    dict
        ``{actor id: score}`` in sorted id order.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="c1", directed=True)
    'c1'
    >>> g.add_edge("b", "c", key="c2", directed=True)
    'c2'
    >>> centrality(g, "betweenness")
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    metric = _check_metric(metric)
    simple = collapse(graph, directed=directed or metric in ALWAYS_DIRECTED)
    return metric_scores(simple, metric, engine=engine, progress=progress, exact=exact,
                         sample=sample, seed=seed)


def centralities(graph: nx.MultiDiGraph, metrics: Iterable[str] = METRICS, *,
                 directed: bool = False, engine: str = "auto",
                 progress: Callable[[str, int, int], None] | None = None,
                 exact: bool | None = None, sample: int | None = None, seed: int = 42,
                 plans: dict[str, int | None] | None = None
                 ) -> dict[str, dict[str, float]]:
    """Several metrics at once, collapsing the graph only once per projection.

    ``progress(metric, done, total)`` reports the slow metrics. When ``plans`` is a
    dict, it receives :func:`sample_plan` of each metric (None = exact).
    """
    wanted = [_check_metric(m) for m in metrics]
    projections: dict[bool, nx.Graph] = {}
    result: dict[str, dict[str, float]] = {}
    for metric in wanted:
        want_directed = directed or metric in ALWAYS_DIRECTED
        if want_directed not in projections:
            projections[want_directed] = collapse(graph, directed=want_directed)
        step = None
        if progress is not None and metric in _SLOW:
            def step(done: int, total: int, _m: str = metric) -> None:
                progress(_m, done, total)
        simple = projections[want_directed]
        if plans is not None:
            plans[metric] = sample_plan(simple, metric, exact=exact, sample=sample)
        result[metric] = metric_scores(simple, metric, engine=engine, progress=step,
                                       exact=exact, sample=sample, seed=seed)
    return result


def rank(graph: nx.MultiDiGraph, scores: dict[str, float], top: int | None = None
         ) -> list[dict[str, Any]]:
    """Rows ``{rank, id, name, type, score}``, highest score first, ties by id.

    Ties share nothing but the order: ``rank`` is the 1-based position in the list.
    """
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if top is not None:
        ordered = ordered[:top]
    rows = []
    for position, (node, score) in enumerate(ordered, 1):
        data = graph.nodes[node] if node in graph else {}
        rows.append({"rank": position, "id": node, "name": data.get("label", node),
                     "type": data.get("type"), "score": score})
    return rows
