"""Two figures of how well a case is curated: vague ties and undated acts.

``associated_with`` says only that two actors are linked; a case where many claims use
it has not yet said how they are linked (target: at most 5% of claims). An act
(sentenced, struck_against; the vocabulary's ``kind: act``) happened at a time, so a
claim of one should be dated, unlike a standing tie such as member_of (target: at
least 75% of acts dated). ``graphkit stats`` and the report print both.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["Curation", "curation", "VAGUE_RELATION", "VAGUE_TARGET", "DATED_TARGET"]

#: The relation that says least, and the largest share of claims it should have.
VAGUE_RELATION = "associated_with"
VAGUE_TARGET = 0.05
#: The smallest share of acts that should carry a date (date, start or end).
DATED_TARGET = 0.75


@dataclass(frozen=True)
class Curation:
    """Counts of claims, ``associated_with`` claims, acts and dated acts."""

    claims: int
    associated_with: int
    acts: int
    acts_dated: int

    @property
    def associated_with_share(self) -> float | None:
        """Share of claims that are associated_with (None without claims)."""
        return self.associated_with / self.claims if self.claims else None

    @property
    def acts_dated_share(self) -> float | None:
        """Share of acts that are dated (None without acts)."""
        return self.acts_dated / self.acts if self.acts else None


def curation(graph: nx.MultiDiGraph) -> Curation:
    """Count from a claim graph; relations missing from its vocabulary count as acts.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", relation="sentenced", date="2012")
    0
    >>> g.add_edge("a", "b", relation="associated_with")
    1
    >>> c = curation(g)
    >>> c.associated_with_share, c.acts, c.acts_dated_share
    (0.5, 2, 0.5)
    """
    relations = getattr(graph.graph.get("vocabulary"), "relations", None) or {}
    claims = vague = acts = dated = 0
    for *_, data in graph.edges(data=True):
        claims += 1
        relation = data.get("relation")
        vague += relation == VAGUE_RELATION
        spec = relations.get(relation)
        if spec is not None and spec.kind == "tie":
            continue
        acts += 1
        dated += any(data.get(k) for k in ("date", "start", "end"))
    return Curation(claims, vague, acts, dated)
