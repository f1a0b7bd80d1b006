"""Who surrounds an actor: the ego network at depth N, and its claims grouped by relation.

The ego network keeps the *claims* (it is a sub-graph of the MultiDiGraph, with every
attribute, evidence included), so it can be exported as its own HTML or GraphML file
and read like the whole case. Distance counts steps in either direction: an actor who
sentenced the centre is as near as one the centre sentenced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit.analyse.paths import attribute_text, relation_phrase
from graphkit.analyse.resolve import actor_name, resolve
from graphkit.errors import UsageError

__all__ = ["Neighbourhood", "ego_network", "neighbourhood", "claim_rows"]


@dataclass(frozen=True)
class Neighbourhood:
    """An ego network: its centre, its depth, the sub-graph and each actor's distance."""

    center: str
    depth: int
    graph: nx.MultiDiGraph
    distance: dict[str, int]
    claimants: dict[str, str] = field(default_factory=dict)
    """Names of the actors its claims' ``claimed_by`` name, inside it or not."""


def ego_network(graph: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The actors within ``depth`` steps of ``center`` and every claim among them (a copy).

    ``center`` must be an actor id; see :func:`neighbourhood` for names.
    """
    return neighbourhood(graph, center, depth).graph


def neighbourhood(graph: nx.MultiDiGraph, name: str, depth: int = 1) -> Neighbourhood:
    """Resolve ``name`` and return its ego network at ``depth`` (1 = direct ties).

    The sub-graph keeps the claim graph's attributes; its ``name`` says whose
    neighbourhood it is, so exports of it are labelled.

    Raises NotFound for an unknown or ambiguous name, UsageError for depth < 1.
    """
    if depth < 1:
        raise UsageError("depth must be at least 1")
    center = resolve(graph, name)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True),
                                                      center, cutoff=depth)
    keep = sorted(distance)
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    label = graph.nodes[center].get("label", center)
    sub.graph["name"] = f"{graph.graph.get('name') or 'graph'}: {label} (depth {depth})"
    sub.add_nodes_from((n, dict(graph.nodes[n])) for n in keep)
    kept = set(keep)
    edges = sorted(((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                    if u in kept and v in kept), key=lambda e: e[2])
    sub.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
    claimants = {c: actor_name(graph, c) for *_, d in edges for c in d.get("claimed_by") or ()}
    return Neighbourhood(center=center, depth=depth, graph=sub,
                         distance={n: distance[n] for n in keep}, claimants=claimants)


def claim_rows(hood: Neighbourhood) -> list[dict[str, Any]]:
    """One row per claim of the ego network, grouped by relation, nearest claims first.

    Each row reads from the centre's side where it can: a claim that ends at the centre
    is phrased with the relation's inverse, so the centre is always the first ``actor``
    of the rows that touch it; between the same two actors, dated claims come first, by
    date. Columns: relation, actor, actor_id, phrase, other, other_id, distance (of the
    farther end), date (or span), status, sources, claim, attributes (as text) and
    claimed_by (names); claimed_by_ids and attribute_values keep them as data.
    """
    graph = hood.graph
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        relation = data.get("relation", "")
        forward = not (v == hood.center and u != hood.center)
        first, second = (u, v) if forward else (v, u)
        reads_forward = forward or data.get("directed") is False
        when = data.get("date") or (
            f"{data.get('start') or '?'}–{data.get('end') or '?'}"
            if data.get("start") or data.get("end") else None)
        rows.append({
            "relation": relation,
            "actor": graph.nodes[first].get("label", first),
            "actor_id": first,
            "phrase": relation_phrase(graph, relation, reads_forward, data.get("label")),
            "other": graph.nodes[second].get("label", second),
            "other_id": second,
            "distance": max(hood.distance[u], hood.distance[v]),
            "date": when,
            "status": data.get("status"),
            "sources": list(data.get("sources") or ()),
            "claim": str(data.get("id", key)),
            "attributes": attribute_text(data.get("attributes") or {}) or None,
            "claimed_by": [hood.claimants.get(c, c) for c in data.get("claimed_by") or ()],
            "claimed_by_ids": list(data.get("claimed_by") or ()),
            "attribute_values": dict(data.get("attributes") or {}),
        })
    rows.sort(key=lambda r: (r["relation"], r["distance"], r["actor_id"] != hood.center,
                             r["actor_id"], r["other_id"], r["date"] is None,
                             r["date"] or "", r["claim"]))
    return rows
