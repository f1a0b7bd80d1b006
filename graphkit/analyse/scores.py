"""Centrality scores of each actor: who is connected, who brokers, who is close to everyone.

(The metrics' names, titles and meanings are in :mod:`graphkit.metrics`; this module
computes them.)

Every metric is computed on the simple projection of the claim graph (see
:mod:`graphkit.analyse.projection`): undirected by default, directed on request. The
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
(O(n·m)); in pure Python that is about 50 times slower than in C. igraph computes those
two (``engine="auto"``; ``engine="networkx"`` is the reference), and the results are rescaled to
networkx's conventions (see ``_igraph_betweenness`` and ``_igraph_closeness``); the tests
check both engines against networkx to 1e-6. Eigenvector centrality and PageRank are
networkx's: networkx's values are defined by its power iteration stopping at
``tol=1e-6``, whereas igraph solves the eigenproblem exactly; the two differ by about
1e-5 on a random 10k-actor graph, more than the 1e-6 promised. PageRank runs in
networkx's own scipy code; eigenvector centrality repeats networkx's iteration with
sparse matrices (``_power_iteration``), which gives the same numbers 6 times faster.

Estimates on large graphs: an exact run costs about one step per actor and tie
(n·m). Above :attr:`AnalysisLimits.exact_steps` such steps (10,000 actors with 100,000
ties; about 20 s in igraph), betweenness and closeness are **estimated** from a seeded
sample of actors,
as networkx's ``k=`` does and as the literature recommends (Brandes and Pich 2007 for
betweenness: dependencies from k sampled sources scaled by n/k; Eppstein and Wang 2004
for closeness: distances from k sampled pivots, per connected component, scaled to the
component). The sample holds about ``sample_steps`` / m actors (at least
``min_sample``), drawn with ``random.Random(seed)`` from the sorted actor ids, so
the same data and seed give the same numbers on every machine and with either engine.
``exact=True`` forces the exact computation, ``sample=k`` sets the sample size;
:func:`sample_plan` says what a call will do, so reports can state it. Directed
closeness is always exact.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphkit.analyse.projection import Projections
from graphkit.errors import GraphkitError, UsageError
from graphkit.metrics import METRIC_KEYS
from graphkit.metrics import metric as metric_spec

__all__ = ["AnalysisLimits", "DEFAULT_LIMITS", "Progress", "centrality", "centralities",
           "rank", "metric_scores", "choose_engine", "sample_plan"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as a long computation advances (done from 0 to total)."""

_CHUNKS = 100  # progress slices for the networkx engine (igraph reports its own)
_PIVOTS_PER_COMPONENT = 32  # closeness: smaller components are measured exactly


@dataclass(frozen=True)
class AnalysisLimits:
    """Sizes from which the analysis changes method to stay fast on large cases.

    Passed down explicitly (``limits=``), so that a test or a notebook can lower them
    for one call without touching anyone else's.
    """

    exact_steps: int = 1_000_000_000
    """Above this many actor·tie steps (n·m), betweenness and closeness are estimated
    and the diameter is a lower bound."""
    sample_steps: int = 500_000_000
    """The steps an estimate may spend: its sample holds sample_steps / ties actors ..."""
    min_sample: int = 256
    """... and never fewer than this."""
    igraph_louvain_from_ties: int = 20_000
    """From this many ties, Louvain runs in igraph's C code instead of networkx's."""
    rerank_steps: int = 100_000_000
    """Up to this many actor·tie steps, a build also ranks actors by betweenness on
    confirmed claims alone (two more runs of it: graphkit.analyse.sensitivity); above,
    `graphkit centrality --by-status` does it on request."""


DEFAULT_LIMITS = AnalysisLimits()


def _check_metric(metric: str) -> str:
    return metric_spec(metric).key


def sample_plan(simple: nx.Graph, metric: str, *, exact: bool | None = None,
                sample: int | None = None, limits: AnalysisLimits = DEFAULT_LIMITS
                ) -> int | None:
    """How many sampled actors ``metric`` will use on the projection ``simple``; None when exact.

    ``exact=True`` always gives None; ``sample=k`` asks for k (None if k covers
    everyone); otherwise the size decides (see the module notes).
    """
    spec = metric_spec(metric)
    if not spec.slow or exact:
        return None
    if spec.key == "closeness" and simple.is_directed():
        return None
    n, m = simple.number_of_nodes(), simple.number_of_edges()
    if sample is not None:
        if sample < 1:
            raise UsageError("the sample must hold at least 1 actor")
        return sample if sample < n else None
    if n * m <= limits.exact_steps:
        return None
    k = max(limits.min_sample, math.ceil(limits.sample_steps / max(m, 1)))
    return k if k < n else None


def _strata(views: Projections, k: int, seed: int
            ) -> tuple[list[Any], dict[Any, float], dict[Any, int]]:
    """A sample of about ``k`` actors drawn component by component.

    Shortest paths never leave a (weakly) connected component, so each component is
    sampled on its own, in proportion to its size but with at least 32 actors: a small
    component is then measured exactly, and a large one is scaled up by its size over
    its sample. Returns the sampled actors, each actor's scale-up factor (component
    size / sampled in it) and each actor's component size. Components are visited in
    the order of their smallest id and drawn with ``random.Random(seed)`` from sorted
    ids, so the sample does not depend on the order nodes were added in. (The weakly
    connected components of the directed projection are those of the undirected one.)
    """
    groups = sorted(views.components(), key=lambda p: p[0])
    n = views.graph.number_of_nodes()
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


def choose_engine(engine: str) -> str:
    """The engine ``engine`` names: ``auto`` is igraph (fast, in C); ``networkx`` is the
    reference implementation, for checking."""
    if engine == "auto":
        return "igraph"
    if engine not in ("igraph", "networkx"):
        raise UsageError(f"unknown engine {engine!r}; choose auto, igraph or networkx")
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


def _igraph_betweenness(views: Projections, directed: bool, progress: Progress | None,
                        sources: list[Any] | None = None,
                        factor: dict[Any, float] | None = None) -> dict[str, float]:
    """igraph counts each unordered pair once on undirected graphs; networkx normalises
    by ``(n-1)(n-2)/2`` pairs there and ``(n-1)(n-2)`` ordered pairs on digraphs, which
    comes to ``raw * 2 / ((n-1)(n-2))`` and ``raw / ((n-1)(n-2))``. igraph's subset
    betweenness from sampled sources counts the same way (it equals networkx's
    ``betweenness_centrality_subset``), and is scaled up by each actor's ``factor``."""
    ig, nodes = views.igraph(directed)
    n = len(nodes)
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


def _igraph_closeness(views: Projections, directed: bool, progress: Progress | None
                      ) -> dict[str, float]:
    """igraph's normalised closeness is ``(r-1)/sum(d)`` over the r actors that reach v
    (v included) and NaN when none does; networkx multiplies by ``(r-1)/(n-1)``
    (Wasserman and Faust) so an actor in a small component does not look central."""
    ig, nodes = views.igraph(directed)
    n = len(nodes)
    mode = "in" if directed else "all"
    with _igraph_progress(progress, n):
        close = ig.closeness(mode=mode, normalized=True)
    if n <= 1:
        return {v: 0.0 for v in nodes}
    if directed:
        connected = ig.is_connected(mode="strong")
        reached = [n] * n if connected else ig.neighborhood_size(order=n, mode="in")
    else:
        sizes = {v: len(part) for part in views.components() for v in part}
        reached = [sizes[v] for v in nodes]
    result = {}
    for i, v in enumerate(nodes):
        value = close[i]
        result[v] = 0.0 if math.isnan(value) else value * (reached[i] - 1) / (n - 1)
    return result


def _sampled_closeness(views: Projections, k: int, seed: int,
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

    g = views.simple(False)
    nodes = list(g)
    n = len(nodes)
    if n <= 1:
        return {v: 0.0 for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)
    matrix = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    chosen, factor, size = _strata(views, k, seed)
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


def metric_scores(views: Projections, metric: str, *, directed: bool = False,
                  engine: str = "auto", progress: Progress | None = None,
                  exact: bool | None = None, sample: int | None = None, seed: int = 42,
                  limits: AnalysisLimits = DEFAULT_LIMITS) -> dict[str, float]:
    """One metric from a claim graph's shared projections (see :class:`Projections`).

    For callers computing several things on the same graph; :func:`centrality` is the
    usual entry point. ``directed`` picks the directed projection (in- and out-degree
    always use it). ``exact``, ``sample``, ``seed`` and ``limits``: see :func:`sample_plan`.
    """
    spec = metric_spec(metric)
    engine = choose_engine(engine)
    directed = directed or spec.directed
    simple = views.simple(directed)
    k = sample_plan(simple, spec.key, exact=exact, sample=sample, limits=limits)
    if k is not None and spec.key == "betweenness":
        sources, factor, _size = _strata(views, k, seed)
        if engine == "igraph":
            scores = _igraph_betweenness(views, directed, progress, sources, factor)
        else:
            scores = _nx_betweenness(simple, progress, sources, factor)
    elif k is not None and spec.key == "closeness":
        scores = _sampled_closeness(views, k, seed, progress)
    elif spec.key == "degree":
        scores = nx.degree_centrality(simple)
    elif spec.key == "in-degree":
        scores = nx.in_degree_centrality(simple)
    elif spec.key == "out-degree":
        scores = nx.out_degree_centrality(simple)
    elif spec.key == "betweenness":
        scores = (_igraph_betweenness(views, directed, progress) if engine == "igraph"
                  else _nx_betweenness(simple, progress))
    elif spec.key == "closeness":
        scores = (_igraph_closeness(views, directed, progress) if engine == "igraph"
                  else _nx_closeness(simple, progress))
    elif spec.key == "eigenvector":
        scores = _eigenvector(simple)
    else:
        scores = _pagerank(simple)
    return {n: float(scores[n]) for n in sorted(scores)}


def centrality(graph: nx.MultiDiGraph, metric: str = "degree", *, directed: bool = False,
               engine: str = "auto", progress: Progress | None = None,
               exact: bool | None = None, sample: int | None = None,
               seed: int = 42, limits: AnalysisLimits = DEFAULT_LIMITS,
               projections: Projections | None = None) -> dict[str, float]:
    """Score every actor of a claim graph by one metric.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A claim graph (any filter already applied).
    metric : str
        One of :data:`graphkit.metrics.METRIC_KEYS`.
    directed : bool
        Use the directed projection instead of the undirected one. ``in-degree`` and
        ``out-degree`` always use it.
    engine : {"auto", "igraph", "networkx"}
        Who computes betweenness and closeness; the values are the same to 1e-6.
    progress : callable, optional
        ``progress(done, total)`` for betweenness and closeness.
    exact, sample, seed, limits
        Betweenness and closeness on large graphs are estimated from a seeded sample
        of ``sample`` actors unless ``exact`` (see :func:`sample_plan`).
    projections : Projections, optional
        The graph's projections, when the caller shares them between several steps.

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
    return metric_scores(Projections.of(graph, projections), metric, directed=directed,
                         engine=engine, progress=progress, exact=exact, sample=sample,
                         seed=seed, limits=limits)


def centralities(graph: nx.MultiDiGraph, metrics: Iterable[str] = METRIC_KEYS, *,
                 directed: bool = False, engine: str = "auto",
                 progress: Callable[[str, int, int], None] | None = None,
                 exact: bool | None = None, sample: int | None = None, seed: int = 42,
                 plans: dict[str, int | None] | None = None,
                 limits: AnalysisLimits = DEFAULT_LIMITS,
                 projections: Projections | None = None) -> dict[str, dict[str, float]]:
    """Several metrics at once, on projections built once (or given in ``projections``).

    ``progress(metric, done, total)`` reports the slow metrics. When ``plans`` is a
    dict, it receives :func:`sample_plan` of each metric (None = exact).
    """
    views = Projections.of(graph, projections)
    result: dict[str, dict[str, float]] = {}
    for name in metrics:
        spec = metric_spec(name)
        step = None
        if progress is not None and spec.slow:
            def step(done: int, total: int, _m: str = spec.key) -> None:
                progress(_m, done, total)
        if plans is not None:
            plans[spec.key] = sample_plan(views.simple(directed or spec.directed), spec.key,
                                          exact=exact, sample=sample, limits=limits)
        result[spec.key] = metric_scores(views, spec.key, directed=directed, engine=engine,
                                         progress=step, exact=exact, sample=sample,
                                         seed=seed, limits=limits)
    return result


def rank(graph: nx.MultiDiGraph, scores: dict[str, float], top: int | None = None, *,
         types: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rows ``{rank, id, name, type, score}``, highest score first, ties by id.

    ``types``, when given, keeps only actors of those entity types: they are ranked
    among themselves, on scores computed in the whole graph. Ties share nothing but the
    order: ``rank`` is the 1-based position in the list.
    """
    wanted = set(types)
    ordered = sorted(((node, score) for node, score in scores.items()
                      if not wanted or (graph.nodes[node].get("type") if node in graph
                                        else None) in wanted),
                     key=lambda item: (-item[1], item[0]))
    if top is not None:
        ordered = ordered[:top]
    rows = []
    for position, (node, score) in enumerate(ordered, 1):
        data = graph.nodes[node] if node in graph else {}
        rows.append({"rank": position, "id": node, "name": data.get("label", node),
                     "type": data.get("type"), "score": score})
    return rows
