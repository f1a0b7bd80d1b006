"""Assemble the claim graph: one node per entity, one edge per claim.

The graph is a ``networkx.MultiDiGraph`` whose node keys are entity ids and whose edge
keys are claim ids (unique across the graph, so exporters can use them as edge ids).
Attribute names and value types are listed in ``docs/internals.md``; they are plain
Python values (dates as ISO strings) so that a notebook user can work with them
directly.
"""

from __future__ import annotations

import networkx as nx

from graphkit.dates import PartialDate
from graphkit.filters import GraphFilter
from graphkit.model import Dataset

__all__ = ["build_graph"]


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def build_graph(dataset: Dataset, filter: GraphFilter | None = None) -> nx.MultiDiGraph:  # noqa: A002
    """Build the (optionally filtered) graph of a loaded dataset.

    With a filter, claims pass on relation, status and date; actors pass on type and,
    if dated, on the window. A claim whose end was filtered out is dropped. Actors left
    without claims by a relation, status or date filter are dropped too, since the
    question was about those claims; with only a type filter, every actor of the
    wanted types stays.
    """
    graph_filter = filter or GraphFilter()
    vocab = dataset.vocabulary
    graph_filter.check(vocab)
    graph = nx.MultiDiGraph()
    graph.graph.update(
        name=dataset.name,
        vocabulary=vocab,
        sources={s.id: {"id": s.id, "title": s.title, "author": s.author,
                        "publisher": s.publisher, "date": _iso(s.date), "url": s.url,
                        "archive": s.archive} for s in dataset.sources.values()},
        filter=graph_filter.describe(),
        view=dataset.settings.view() if dataset.settings else {"set_aside": []},
        # unfiltered: a story names what it is about; readers skip what a filter left out
        stories=[story.to_dict() for story in dataset.stories],
    )
    kept = {eid for eid, e in dataset.entities.items() if graph_filter.entity_passes(e)}
    for eid in sorted(kept):
        entity = dataset.entities[eid]
        graph.add_node(eid, label=entity.name, type=entity.type, aliases=list(entity.aliases),
                       description=entity.description, country=entity.country,
                       date=_iso(entity.date), start=_iso(entity.start), end=_iso(entity.end),
                       sources=list(entity.sources))
    for claim in sorted(dataset.claims, key=lambda c: c.id):
        if claim.source not in kept or claim.target not in kept:
            continue
        if not graph_filter.claim_passes(claim):
            continue
        relation = vocab.relations[claim.relation]
        graph.add_edge(
            claim.source, claim.target, key=claim.id, id=claim.id, relation=claim.relation,
            label=relation.label, directed=relation.directed, date=_iso(claim.date),
            start=_iso(claim.start), end=_iso(claim.end), status=claim.status,
            claimed_by=list(claim.claimed_by), attributes=dict(claim.attributes),
            evidence=[{"source": e.source, "lines": e.lines_text(), "note": e.note}
                      for e in claim.evidence],
            sources=list(dict.fromkeys(e.source for e in claim.evidence)),
        )
    if graph_filter.relations or graph_filter.statuses or graph_filter.since or graph_filter.until:
        isolated = [n for n in graph if graph.degree(n) == 0]
        graph.remove_nodes_from(isolated)
    view = graph.graph["view"]
    view["set_aside"] = [n for n in view["set_aside"] if n in graph]
    return graph
