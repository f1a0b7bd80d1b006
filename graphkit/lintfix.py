"""Apply lint's safe fixes to the YAML files, keeping comments, quoting and order.

The only fix applied automatically is merging an actor into its near-certain duplicate
(same type, same name after transliteration): the dropped actor's name and aliases
become aliases of the kept one, its sources and missing fields move over, and every
reference to it in edges.yaml is rewritten. Anything less certain is left for a person.
ruamel.yaml's round-trip mode is used so that a researcher's comments survive.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphkit.export.atomic import atomic_write
from graphkit.export.commit import write_together
from graphkit.lint import SAFE_MERGE_SCORE, Finding
from graphkit.safefile import resolve_inside

__all__ = ["safe_merges", "apply_merges"]


def safe_merges(findings: Iterable[Finding], types: dict[str, str]) -> list[tuple[str, str]]:
    """(drop, keep) pairs lint is sure enough about to merge without asking."""
    merges: dict[str, str] = {}
    for finding in findings:
        if finding.code != "duplicate-actor" or (finding.score or 0) < SAFE_MERGE_SCORE:
            continue
        keep, drop = finding.details["keep"], finding.details["drop"]
        if types.get(keep) != types.get(drop) or drop in merges or keep in merges:
            continue
        merges[drop] = keep
    return sorted(merges.items())


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def apply_merges(folder: Path, merges: list[tuple[str, str]]) -> int:
    """Rewrite entities.yaml and edges.yaml in place; return the number of merges done."""
    if not merges:
        return 0
    yaml = _yaml()
    # A data file may be a symlink to another file of the folder: rewrite that file and
    # keep the link (renaming over the link would replace it with a plain copy).
    entities_path = resolve_inside(folder, "entities.yaml")
    edges_path = resolve_inside(folder, "edges.yaml")
    entities = yaml.load(entities_path.read_text(encoding="utf-8"))
    by_id = {item.get("id"): item for item in entities}
    target = dict(merges)
    done = 0
    for drop, keep in merges:
        dropped, kept = by_id.get(drop), by_id.get(keep)
        if dropped is None or kept is None:
            continue
        aliases = list(kept.get("aliases") or [])
        for name in [dropped.get("name"), *(dropped.get("aliases") or [])]:
            if name and name != kept.get("name") and name not in aliases:
                aliases.append(name)
        _set_list(kept, "aliases", aliases)
        sources = list(kept.get("sources") or [])
        for source in dropped.get("sources") or []:
            if source not in sources:
                sources.append(source)
        if sources:
            _set_list(kept, "sources", sources)
        for key, value in dropped.items():
            if key not in kept and key not in ("id", "name", "aliases", "sources"):
                kept[key] = value
        entities.remove(dropped)
        done += 1
    edges = yaml.load(edges_path.read_text(encoding="utf-8")) or []
    for item in edges:
        for side in ("source", "target"):
            if item.get(side) in target:
                item[side] = target[item[side]]
        claimed = item.get("claimed_by")
        if isinstance(claimed, list):
            for index, ref in enumerate(claimed):
                if ref in target:
                    claimed[index] = target[ref]
    texts = []
    for doc in (entities, edges):
        buffer = io.StringIO()
        yaml.dump(doc, buffer)
        texts.append(buffer.getvalue())
    # Both files or neither, even under SIGKILL: the build's staged, journalled commit.
    root = folder.resolve()

    def writer(text: str):
        def write(path: Path) -> None:
            with atomic_write(path) as handle:
                handle.write(text)
        return write

    write_together(root, {str(entities_path.relative_to(root)): writer(texts[0]),
                          str(edges_path.relative_to(root)): writer(texts[1])})
    return done


def _set_list(item: Any, key: str, values: list[str]) -> None:
    """Replace a list in place when there is one, so its flow/block style is kept."""
    current = item.get(key)
    if isinstance(current, list):
        current[:] = values
    else:
        from ruamel.yaml.comments import CommentedSeq

        seq = CommentedSeq(values)
        seq.fa.set_flow_style()
        item[key] = seq
