"""The centrality metrics graphkit computes: one table of names, titles and meanings.

The CLI's choices, the report's headings and explanations, the node attributes the
exporters write and the explorer's "size by" menu all read this table, so a metric is
named and explained the same way everywhere (and a new one is added in one place).
The computations live in :mod:`graphkit.analyse.scores`; this module is plain data, so
that the export layer can label metrics without importing the analysis layer.

Every value is a centrality of the *simple projection* of the claim graph (one tie per
pair of actors, however many claims support it), never a count of claims: titles and
meanings say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.errors import UsageError

__all__ = ["Metric", "METRICS", "METRIC_KEYS", "ATTRIBUTES", "metric"]


@dataclass(frozen=True)
class Metric:
    """One centrality metric and how people are told about it."""

    key: str
    """Name on the command line and in JSON (``in-degree``)."""
    attribute: str
    """Node attribute written by ``graphkit.analyse.annotate`` (``in_degree``)."""
    title: str
    """Heading or menu label (``In-degree``)."""
    meaning: str
    """What a high score means, in one line, for people."""
    directed: bool = False
    """Always computed on the directed projection."""
    slow: bool = False
    """Costs a breadth-first search per actor: reports progress, estimated on large graphs."""


#: The metrics, in the order reports list them.
METRICS: tuple[Metric, ...] = (
    Metric("degree", "degree", "Degree",
           "share of the other actors linked to this one by at least one claim"),
    Metric("in-degree", "in_degree", "In-degree",
           "share of the other actors with a claim pointing at this one", directed=True),
    Metric("out-degree", "out_degree", "Out-degree",
           "share of the other actors this one has a claim pointing at", directed=True),
    Metric("betweenness", "betweenness", "Betweenness",
           "share of shortest chains between other actors that pass through this one: "
           "the brokers", slow=True),
    Metric("closeness", "closeness", "Closeness",
           "how few steps this actor is from all the others it can reach "
           "(Wasserman-Faust, so small islands do not score high)", slow=True),
    Metric("eigenvector", "eigenvector", "Eigenvector",
           "linked to actors that are themselves well linked"),
    Metric("pagerank", "pagerank", "PageRank",
           "likelihood of landing on this actor when following claims at random "
           "(damping 0.85)"),
)

#: Metric keys, in report order (the CLI's ``--metric`` choices).
METRIC_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS)
#: Node attribute of each metric key.
ATTRIBUTES: dict[str, str] = {m.key: m.attribute for m in METRICS}

_BY_NAME: dict[str, Metric] = {**{m.key: m for m in METRICS},
                               **{m.attribute: m for m in METRICS}}


def metric(name: str) -> Metric:
    """The metric called ``name`` (key or attribute, any case); UsageError otherwise.

    >>> metric("In_Degree").key
    'in-degree'
    """
    found = _BY_NAME.get(name.strip().lower().replace("_", "-")) or _BY_NAME.get(
        name.strip().lower())
    if found is None:
        raise UsageError(f"unknown metric {name!r}; choose from {', '.join(METRIC_KEYS)}")
    return found
