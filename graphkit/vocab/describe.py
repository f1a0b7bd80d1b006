"""The vocabulary as text for people: what ``graphkit vocab`` prints.

Someone writing a claim needs, for each relation, how it reads both ways, whether it is
an act or a standing tie, and which types may stand at each end; on one line that is
300 characters, so each relation gets a short block, wrapped. Type sets are named by
their group when they are one (``actor``, ``organisation``) and the groups are listed
first, so ``actor -> organisation`` reads at a glance.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from graphkit.text import strip_controls
from graphkit.vocab import Vocabulary

__all__ = ["describe_vocabulary", "type_set_text"]

WIDTH = 88
_INDENT = " " * 6


def _clean(value: object) -> str:
    """One line of text: a vocabulary.yaml may carry escapes a terminal would obey."""
    return " ".join(strip_controls(str(value)).split())


def type_set_text(types: frozenset[str], vocabulary: Vocabulary) -> str:
    """A set of type keys, as groups where whole groups fit: ``"actor, event"``.

    >>> from graphkit.vocab import load_vocabulary
    >>> v = load_vocabulary()
    >>> type_set_text(v.relations["leads"].target_types, v)
    'organisation, event'
    """
    if types == vocabulary.groups.get("any", frozenset(vocabulary.types)):
        return "any"
    left = set(types)
    names: list[str] = []
    # the largest groups first, so "actor" is preferred to its parts
    for group, members in sorted(vocabulary.groups.items(), key=lambda g: (-len(g[1]), g[0])):
        if group != "any" and members and members <= left:
            names.append(group)
            left -= members
    names += [key for key in vocabulary.types if key in left]
    return ", ".join(names) or "(none)"


def _wrap(text: str, indent: str = _INDENT) -> Iterator[str]:
    yield from textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                             break_on_hyphens=False) or [indent]


def describe_vocabulary(vocabulary: Vocabulary) -> str:
    """Types, groups, relations (reading, kind, ends) and statuses, wrapped to 88 columns."""
    lines = ["Entity types:"]
    for key, t in vocabulary.types.items():
        lines.append(f"  {key:<14} {_clean(t.label):<22} {t.color}  {t.shape}")
    groups = {k: v for k, v in vocabulary.groups.items() if k != "any"}
    if groups:
        lines.append("Groups of types (usable at the ends of a relation; any = every type):")
        for key, members in groups.items():
            order = ", ".join(k for k in vocabulary.types if k in members)
            lines.extend(textwrap.wrap(f"{key:<14} {order}", WIDTH, initial_indent="  ",
                                       subsequent_indent=" " * 17))
    lines += ["Relations: how a claim reads (A is its source, B its target), then its kind",
              "(act: done at a time, to be dated; tie: a standing fact) and the types",
              "allowed at each end:"]
    for key, r in vocabulary.relations.items():
        label, inverse = _clean(r.label), _clean(r.inverse)
        reading = (f"A {label} B; B {inverse} A" if r.directed
                   else f"A {label} B, both ways")
        lines.append(f"  {key}  ({r.kind}{'' if r.directed else ', symmetric'})")
        lines.extend(_wrap(reading))
        source = type_set_text(r.source_types, vocabulary)
        target = type_set_text(r.target_types, vocabulary)
        lines.extend(_wrap(f"A: {source}  ->  B: {target}" if r.directed
                           else f"A, B: {source}" if source == target
                           else f"A: {source}  --  B: {target}"))
        if r.description:
            lines.extend(_wrap(_clean(r.description)))
    lines.append("Statuses:")
    for key, s in vocabulary.statuses.items():
        look = "dashed " + "-".join(f"{v:g}" for v in s.dash) if s.dash else "solid"
        look += f", {s.mark}" if s.mark != "none" else ""
        lines.append(f"  {key:<10} {look}")
        if s.description:
            lines.extend(_wrap(_clean(s.description)))
    lines.extend(_ftm_lines(vocabulary))
    return "\n".join(lines) + "\n"


def _ftm_lines(vocabulary: Vocabulary) -> Iterator[str]:
    """The FollowTheMoney schema of each type and mapped relation (the ftm section)."""
    ftm = vocabulary.ftm
    yield (f"FollowTheMoney schemata (export --format ftm; sources become "
           f"{_clean(ftm.sources)}):")
    types = [f"{key}={_clean(ftm.types[key].schema)}" for key in vocabulary.types
             if key in ftm.types]
    yield from _wrap("types: " + ", ".join(types + ["others=LegalEntity"]), "  ")
    relations = []
    for key, rel in ftm.relations.items():
        ends = f" ({_clean(rel.source)} -> {_clean(rel.target)})" \
            if rel.source or rel.target else ""
        relations.append(f"{key}={_clean(rel.schema)}{ends}")
    yield from _wrap("relations: " + ", ".join(relations + ["others=UnknownLink"]), "  ")
