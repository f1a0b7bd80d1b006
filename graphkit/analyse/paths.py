"""How is A connected to B, and on what evidence?

A chain is found on the undirected projection: "the court sentenced Roza" links the
two whichever way the claim points, and a researcher asking how two actors are
connected wants that link. Each step is then reported with *every* claim between the
two actors in its true direction, read in the order of the walk: going from the
court to Roza gives "Zhanaozen City Court — sentenced → Roza Tuletaeva"; going from Roza
to the court gives "Roza Tuletaeva — sentenced by → Zhanaozen City Court", using the
vocabulary's inverse label. Each claim keeps its date, status and evidence (source
title, cited lines, note), so a chain can be checked against the texts step by step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit.analyse.projection import collapse
from graphkit.analyse.resolve import resolve
from graphkit.citation import cite
from graphkit.errors import NoPath, UsageError

__all__ = ["Evidence", "ClaimStep", "attribute_text", "Step", "Chain", "find_paths", "claims_between",
           "claim_step", "relation_phrase"]


@dataclass(frozen=True)
class Evidence:
    """One cited passage: the source, its title, the lines and the curator's note.

    ``author`` and ``date`` (ISO) are the source's, for citations that name them.
    """

    source: str
    title: str | None
    lines: tuple[str, ...]
    note: str | None
    author: str | None = None
    date: str | None = None

    def text(self) -> str:
        """``Title, lines 49, 51-53: note`` (see :func:`graphkit.citation.cite`)."""
        return cite(self.source, self.title, self.lines, self.note)


@dataclass(frozen=True)
class ClaimStep:
    """One claim linking two consecutive actors of a chain, read in walk order.

    ``forward`` is true when the claim points along the walk (``source`` is the step's
    first actor); ``phrase`` is the relation label or its inverse accordingly.
    """

    id: str
    relation: str
    phrase: str
    forward: bool
    source: str
    target: str
    date: str | None
    start: str | None
    end: str | None
    status: str | None
    claimed_by: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    attributes: tuple[tuple[str, Any], ...] = ()
    """The claim's own facts (``count``, ``years``, ``role``), in file order: where
    competing claims differ (two death tolls), this is what tells them apart."""

    def when(self) -> str:
        """The claim's date, or its span ``start–end``, or an empty string."""
        if self.date:
            return self.date
        if self.start or self.end:
            return f"{self.start or '?'}–{self.end or '?'}"
        return ""


@dataclass(frozen=True)
class Step:
    """Two consecutive actors of a chain and every claim between them."""

    a: str
    b: str
    claims: tuple[ClaimStep, ...]


@dataclass(frozen=True)
class Chain:
    """A shortest chain of actors from the first to the last, with its steps."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def length(self) -> int:
        return len(self.steps)


def attribute_text(attributes: Iterable[tuple[str, Any]] | Mapping[str, Any]) -> str:
    """``count: 11; wounded: 86``: a claim's attributes as every command prints them."""
    pairs = attributes.items() if isinstance(attributes, Mapping) else attributes
    return "; ".join(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in pairs)


def relation_phrase(graph: nx.MultiDiGraph, relation: str, forward: bool,
                    fallback: str | None = None) -> str:
    """The relation as read from the walk's side: its label, or its inverse label."""
    vocabulary = graph.graph.get("vocabulary")
    spec = getattr(vocabulary, "relations", {}).get(relation) if vocabulary else None
    if spec is None:
        label = fallback or relation.replace("_", " ")
        return label if forward else f"{label} (inverse)"
    return spec.label if forward else spec.inverse


def _evidence(graph: nx.MultiDiGraph, items: list[dict[str, Any]]) -> tuple[Evidence, ...]:
    sources = graph.graph.get("sources") or {}
    result = []
    for item in items or ():
        source = item.get("source")
        meta = sources.get(source) or {}
        result.append(Evidence(source=source, title=meta.get("title"),
                               lines=tuple(str(x) for x in item.get("lines") or ()),
                               note=item.get("note"), author=meta.get("author"),
                               date=meta.get("date")))
    return tuple(result)


def claim_step(graph: nx.MultiDiGraph, u: str, v: str, key: Any, forward: bool = True
               ) -> ClaimStep:
    """The claim ``(u, v, key)`` of the graph, read from ``u`` (``forward``) or ``v``."""
    data = graph.edges[u, v, key]
    symmetric = data.get("directed") is False
    return ClaimStep(
        id=str(data.get("id", key)), relation=data.get("relation", ""),
        phrase=relation_phrase(graph, data.get("relation", ""), forward or symmetric,
                               data.get("label")),
        forward=forward, source=u, target=v, date=data.get("date"),
        start=data.get("start"), end=data.get("end"), status=data.get("status"),
        claimed_by=tuple(data.get("claimed_by") or ()),
        evidence=_evidence(graph, data.get("evidence") or []),
        attributes=tuple((data.get("attributes") or {}).items()))


def claims_between(graph: nx.MultiDiGraph, a: str, b: str) -> list[ClaimStep]:
    """Every claim between ``a`` and ``b``, either direction, read from ``a`` to ``b``.

    Sorted by date (undated last), then claim id.
    """
    found: list[ClaimStep] = []
    for u, v, forward in ((a, b, True), (b, a, False)):
        if u == v and not forward:
            continue
        for key in graph.get_edge_data(u, v) or {}:
            found.append(claim_step(graph, u, v, key, forward))
    found.sort(key=lambda c: (c.when() == "", c.date or c.start or c.end or "", c.id))
    return found


def _chain(graph: nx.MultiDiGraph, nodes: list[str]) -> Chain:
    steps = tuple(Step(a, b, tuple(claims_between(graph, a, b)))
                  for a, b in zip(nodes, nodes[1:], strict=False))
    return Chain(tuple(nodes), steps)


def find_paths(graph: nx.MultiDiGraph, a: str, b: str, *, all_paths: bool = False,
               max_length: int | None = None, limit: int | None = None) -> list[Chain]:
    """The shortest chain(s) of claims between two actors.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A claim graph (filters already applied).
    a, b : str
        Actors, by id, name or alias (see :func:`graphkit.analyse.resolve.resolve`).
    all_paths : bool
        Every shortest chain, in order of their actor ids; otherwise one.
    max_length : int, optional
        Refuse chains of more than this many steps (raises NoPath).
    limit : int, optional
        With ``all_paths``, stop after this many chains.

    Raises
    ------
    NotFound
        An actor name matches no actor, or several.
    NoPath
        The two actors are not connected (within ``max_length`` steps).
    UsageError
        ``a`` and ``b`` are the same actor, or ``max_length`` is below 1.
    """
    source, target = resolve(graph, a), resolve(graph, b)
    if source == target:
        raise UsageError(f"{a!r} and {b!r} are the same actor ({source})")
    if max_length is not None and max_length < 1:
        raise UsageError("max_length must be at least 1")
    simple = collapse(graph, directed=False)
    name_a = graph.nodes[source].get("label", source)
    name_b = graph.nodes[target].get("label", target)
    try:
        first = nx.shortest_path(simple, source, target)
    except nx.NetworkXNoPath:
        raise NoPath(f"{name_a} and {name_b} are not connected in this graph") from None
    length = len(first) - 1
    if max_length is not None and length > max_length:
        raise NoPath(f"no chain of at most {max_length} step(s) between {name_a} and "
                     f"{name_b}; the shortest has {length}")
    if not all_paths:
        return [_chain(graph, first)]
    found: Iterator[list[str]] = nx.all_shortest_paths(simple, source, target)
    chains = sorted(found)
    if limit is not None:
        chains = chains[:limit]
    return [_chain(graph, nodes) for nodes in chains]
