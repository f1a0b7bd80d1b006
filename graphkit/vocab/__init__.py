"""The vocabulary: entity types, relations and statuses, declared as data.

The default lives in ``default.yaml`` beside this module. A data folder may add a
``vocabulary.yaml`` with the same sections: new keys extend the default, existing keys
are updated field by field. Loading happens in two phases, as in followthemoney's
model: read and merge the raw mappings, then check the whole (colours, groups named by
relations, endpoint types) and resolve groups into frozen sets of type keys.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import DataError
from graphkit.issues import Issue, sort_issues
from graphkit.text import fold_words
from graphkit.vocab.ftm import FtmMapping, FtmRelation, FtmType, read_ftm_layer, resolve_ftm
from graphkit.yamlsource import YMap, read_yaml_file, read_yaml_text

__all__ = ["EntityType", "RelationType", "Status", "Vocabulary", "load_vocabulary",
           "RELATION_KINDS", "STANDINGS", "FtmMapping", "FtmType", "FtmRelation"]

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}\Z")  # \Z: "$" would accept "#ff0000\n"
_KEY = re.compile(r"^[a-z][a-z0-9_]*\Z")
_TYPE_FIELDS = {"label", "plural", "color", "shape", "description"}
_RELATION_FIELDS = {"label", "inverse", "directed", "color", "source_types", "target_types",
                    "description", "kind"}
#: What a claim of a relation records: an ``act`` (something done at a time: sentenced,
#: struck_against) or a ``tie`` (a standing fact: member_of, owns, located_in). Lint and
#: stats expect acts to be dated; a tie may hold for years without one date.
RELATION_KINDS = ("act", "tie")
_STATUS_FIELDS = {"label", "dashes", "dash", "mark", "color", "description", "standing"}
#: Glyphs the explorer can draw across the middle of a claim's line to tell statuses apart.
_MARKS = {"none", "bar", "cross"}
#: How far a status lets a claim be relied on, from most to least: ``established`` (stated
#: as fact), ``contested`` (alleged, disputed) and ``rejected`` (denied by the party
#: concerned). The sensitivity checks rank actors on each cumulative level.
STANDINGS = ("established", "contested", "rejected")
_SECTIONS = {"types", "groups", "relations", "statuses", "ftm"}
#: Fields holding one value each (a list or mapping there is a problem, not a crash).
_TEXT_FIELDS = ("label", "plural", "inverse", "color", "shape", "description", "directed",
                "dashes")
_SHAPES = {"dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star", "box",
           "ellipse", "database", "circle", "text"}


@dataclass(frozen=True)
class EntityType:
    """A kind of actor (person, company, ...) and how it is drawn."""

    key: str
    label: str
    plural: str
    color: str
    shape: str = "dot"
    description: str = ""


@dataclass(frozen=True)
class RelationType:
    """A kind of claim: how it reads each way and which types may stand at each end."""

    key: str
    label: str
    inverse: str
    directed: bool
    color: str
    source_types: frozenset[str]
    target_types: frozenset[str]
    description: str = ""
    kind: str = "act"


@dataclass(frozen=True)
class Status:
    """How sure a claim is (confirmed, alleged, ...) and how the explorer draws it.

    Each status must be told apart at a glance, not merely "faded": ``dash`` is the
    line's dash pattern in pixels (empty: solid), ``mark`` a glyph across the middle of
    the line (``none``, ``bar`` or ``cross``), ``color`` the colour of its badge and
    mark. ``dashes`` (kept for older vocabularies) is true when the line is not solid.
    """

    key: str
    label: str
    dashes: bool
    description: str = ""
    standing: str = "contested"
    dash: tuple[float, ...] = ()
    mark: str = "none"
    color: str = "#444444"


@dataclass(frozen=True)
class Vocabulary:
    """The resolved vocabulary a dataset is checked against and drawn with."""

    types: dict[str, EntityType]
    relations: dict[str, RelationType]
    statuses: dict[str, Status]
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    #: How types and relations become FollowTheMoney schemata (graphkit.vocab.ftm).
    ftm: FtmMapping = field(default_factory=FtmMapping)

    def guess_relation(self, text: str) -> tuple[str, bool] | None:
        """The relation an unknown relation name most likely means, and whether the
        claim's source and target must be swapped for it; None when nothing is close.

        Keys, labels and inverse labels are compared word by word, so ``owned_by``
        (the inverse label of ``owns``), ``sentenced by`` or a typo of either
        (``ownd_by``) point at the relation read the other way.

        >>> vocabulary = load_vocabulary()
        >>> vocabulary.guess_relation("owned_by"), vocabulary.guess_relation("sentenced_to")
        (('owns', True), ('sentenced', False))
        """
        wanted = " ".join(fold_words(text))
        if not wanted:
            return None
        best: tuple[float, str, bool] | None = None
        for key, relation in self.relations.items():
            forward = {" ".join(fold_words(key)), " ".join(fold_words(relation.label))}
            backward = set()
            if relation.directed:
                backward = {" ".join(fold_words(relation.inverse))} - forward
            for form, swapped in [(f, False) for f in sorted(forward)] + [
                    (b, True) for b in sorted(backward)]:
                score = 2.0 if form == wanted else SequenceMatcher(None, wanted, form).ratio()
                if len(wanted) >= 5 and form.startswith(wanted + " "):
                    score = max(score, 0.85)  # demanded -> demanded_from, not ended
                if score >= 0.6 and (best is None or score > best[0]):
                    best = (score, key, swapped)
        return (best[1], best[2]) if best else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (used by the explorer's legend and `graphkit vocab`)."""
        return {
            "types": {k: {"label": t.label, "plural": t.plural, "color": t.color,
                          "shape": t.shape, "description": t.description}
                      for k, t in self.types.items()},
            "relations": {k: {"label": r.label, "inverse": r.inverse, "directed": r.directed,
                              "color": r.color, "source_types": sorted(r.source_types),
                              "target_types": sorted(r.target_types),
                              "description": r.description, "kind": r.kind}
                          for k, r in self.relations.items()},
            "statuses": {k: {"label": s.label, "dashes": s.dashes, "description": s.description,
                             "standing": s.standing, "dash": list(s.dash), "mark": s.mark,
                             "color": s.color}
                         for k, s in self.statuses.items()},
            "groups": {k: sorted(v) for k, v in self.groups.items()},
            "ftm": self.ftm.to_dict(),
        }


def load_vocabulary(data_dir: str | Path | None = None, *,
                    file: str | Path | None = None) -> Vocabulary:
    """The default vocabulary, merged with ``data_dir/vocabulary.yaml`` when it exists
    (or with ``file``, a vocabulary file of any name, when given).

    Raises DataError listing every problem in either file.
    """
    issues: list[Issue] = []
    text = resources.files("graphkit.vocab").joinpath("default.yaml").read_text("utf-8")
    default = read_yaml_text(text, "graphkit/vocab/default.yaml")
    issues += default.issues
    layers: list[tuple[str, Any]] = [("graphkit/vocab/default.yaml", default.value)]
    path = Path(file) if file is not None else None
    within = None  # a data folder's vocabulary must stay inside it; a file named by the user need not
    if path is None and data_dir is not None and os.path.lexists(Path(data_dir) / "vocabulary.yaml"):
        path = Path(data_dir) / "vocabulary.yaml"
        within = Path(data_dir)
    if path is not None:
        extra = read_yaml_file(path, str(path), within=within)
        issues += extra.issues
        layers.append((str(path), extra.value))
    if any(i.severity == "error" for i in issues):
        raise DataError(sort_issues(issues))
    merged, places = _merge(layers, issues)
    vocab = _resolve(merged, places, issues)
    if any(i.severity == "error" for i in issues):
        raise DataError(sort_issues(issues))
    return vocab


def _merge(layers: list[tuple[str, Any]], issues: list[Issue]) -> tuple[dict, dict]:
    """Phase one: merge the sections of each layer, field by field."""
    merged: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    merged["ftm"] = {"types": {}, "relations": {}}
    places: dict[tuple[str, str], tuple[str, int, int]] = {}
    for name, doc in layers:
        if doc is None:
            continue
        if not isinstance(doc, YMap):
            issues.append(Issue("vocabulary", "the vocabulary must be a mapping of sections",
                                name, 1, 1, hint="start with `types:` or `relations:`"))
            continue
        for section, entries in doc.items():
            mark = doc.mark_of(section)
            if section not in _SECTIONS:
                issues.append(Issue("unknown-field", f"unknown vocabulary section '{section}'",
                                    name, mark.line, mark.column,
                                    hint="sections are " + ", ".join(sorted(_SECTIONS))))
                continue
            if section == "ftm":
                read_ftm_layer(entries, name, mark, merged["ftm"], issues)
                continue
            if entries is None:
                continue
            if not isinstance(entries, YMap):
                issues.append(Issue("wrong-shape", f"'{section}' must be a mapping of keys",
                                    name, mark.line, mark.column))
                continue
            for key, spec in entries.items():
                m = entries.mark_of(key)
                places[(section, key)] = (name, m.line, m.column)
                if section == "groups":
                    merged[section][key] = {"members": spec}
                    continue
                if not isinstance(spec, YMap):
                    issues.append(Issue("wrong-shape", f"{section} '{key}' must be a mapping",
                                        name, m.line, m.column))
                    continue
                merged[section].setdefault(key, {}).update(spec)
    return merged, places


def _bool(value: Any) -> bool | None:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _dash(value: Any, dashes: bool) -> tuple[float, ...] | None:
    """A dash pattern from the vocabulary. ``dashes: false`` always means solid (an older
    vocabulary that turns dashes off must not inherit the default's pattern); without
    ``dash``, ``dashes: true`` is drawn [7, 5]."""
    if value is None or not dashes:
        if value is not None and not isinstance(value, list):
            return None
        return (7.0, 5.0) if dashes else ()
    if not isinstance(value, list) or len(value) > 8:
        return None
    numbers = []
    for item in value:
        try:
            number = float(str(item))
        except ValueError:
            return None
        if not 0 <= number <= 50:
            return None
        numbers.append(number)
    return tuple(numbers) if any(numbers) else ()


def _resolve(merged: dict, places: dict, issues: list[Issue]) -> Vocabulary:
    """Phase two: check every entry and resolve groups into type sets."""

    def problem(section: str, key: str, message: str, hint: str = "") -> None:
        name, line, column = places.get((section, key), ("vocabulary", 0, 0))
        issues.append(Issue("vocabulary", message, name, line, column, hint=hint))

    def check_fields(section: str, key: str, spec: dict, allowed: set[str]) -> None:
        if not _KEY.match(key):
            problem(section, key, f"key '{key}' must be lowercase letters, digits and _")
        for name in spec:
            if name not in allowed:
                problem(section, key, f"{section} '{key}' has unknown field '{name}'",
                        "allowed: " + ", ".join(sorted(allowed)))
        for name in _TEXT_FIELDS:
            if isinstance(spec.get(name), (dict, list)):
                problem(section, key, f"'{name}' of '{key}' must be a single value, not "
                        + ("a mapping" if isinstance(spec[name], dict) else "a list"))
                spec[name] = None
        color = spec.get("color")
        if color is not None and not (isinstance(color, str) and _COLOR.match(color)):
            problem(section, key, f"colour '{color}' of '{key}' is not #rrggbb")

    types: dict[str, EntityType] = {}
    for key, spec in merged["types"].items():
        check_fields("types", key, spec, _TYPE_FIELDS)
        shape = spec.get("shape") or "dot"
        if shape not in _SHAPES:
            problem("types", key, f"shape '{shape}' is not a vis-network shape",
                    "use one of " + ", ".join(sorted(_SHAPES)))
        label = str(spec.get("label") or key.replace("_", " ").capitalize())
        types[key] = EntityType(key, label, str(spec.get("plural") or label + "s"),
                                str(spec.get("color") or "#888888"), str(shape),
                                str(spec.get("description") or ""))
    groups: dict[str, frozenset[str]] = {"any": frozenset(types)}
    for key, spec in merged["groups"].items():
        members = spec["members"]
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            problem("groups", key, f"group '{key}' must be a list of type names")
            continue
        unknown = [m for m in members if m not in types]
        if unknown:
            problem("groups", key, f"group '{key}' names unknown types: {', '.join(unknown)}")
        groups[key] = frozenset(m for m in members if m in types)

    def endpoint(key: str, spec: dict, side: str) -> frozenset[str]:
        value = spec.get(side)
        if value is None:
            return groups["any"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            problem("relations", key, f"{side} of '{key}' must be a list of types or groups")
            return groups["any"]
        result: set[str] = set()
        for item in value:
            if not isinstance(item, str):
                problem("relations", key, f"{side} of '{key}' must list type or group names, "
                        "not nested lists or mappings")
                continue
            if item in groups:
                result |= groups[item]
            elif item in types:
                result.add(item)
            else:
                problem("relations", key, f"{side} of '{key}' names unknown type '{item}'")
        return frozenset(result)

    relations: dict[str, RelationType] = {}
    for key, spec in merged["relations"].items():
        check_fields("relations", key, spec, _RELATION_FIELDS)
        directed = _bool(spec.get("directed", "true"))
        if directed is None:
            problem("relations", key, f"'directed' of '{key}' must be true or false")
            directed = True
        label = str(spec.get("label") or key.replace("_", " "))
        kind = spec.get("kind") or "act"
        if kind not in RELATION_KINDS:
            problem("relations", key, f"'kind' of '{key}' must be act or tie, not '{kind}'",
                    "act: something done at a time (dated); tie: a standing fact")
            kind = "act"
        relations[key] = RelationType(
            key, label, str(spec.get("inverse") or (label if not directed else f"{label} (by)")),
            directed, str(spec.get("color") or "#999999"), endpoint(key, spec, "source_types"),
            endpoint(key, spec, "target_types"), str(spec.get("description") or ""), str(kind))
    statuses: dict[str, Status] = {}
    for key, spec in merged["statuses"].items():
        check_fields("statuses", key, spec, _STATUS_FIELDS)
        dashes = _bool(spec.get("dashes", "false"))
        if dashes is None:
            problem("statuses", key, f"'dashes' of '{key}' must be true or false")
            dashes = False
        standing = spec.get("standing") or ("established" if key == "confirmed" else "contested")
        if standing not in STANDINGS:
            problem("statuses", key, f"'standing' of '{key}' must be one of "
                    + ", ".join(STANDINGS), "established: stated as fact; contested: "
                    "alleged or disputed; rejected: denied")
            standing = "contested"
        dash = _dash(spec.get("dash"), dashes)
        if dash is None:
            problem("statuses", key, f"'dash' of '{key}' must be a list of up to 8 numbers "
                    "from 0 to 50 (pixels drawn, pixels skipped, ...)", "e.g. dash: [8, 5]")
            dash = (7.0, 5.0) if dashes else ()
        mark = str(spec.get("mark") or "none")
        if mark not in _MARKS:
            problem("statuses", key, f"mark '{mark}' of '{key}' is not one of "
                    + ", ".join(sorted(_MARKS)))
            mark = "none"
        statuses[key] = Status(key, str(spec.get("label") or key.capitalize()), bool(dash),
                               str(spec.get("description") or ""), str(standing), dash, mark,
                               str(spec.get("color") or "#444444"))
    if "confirmed" not in statuses:
        problem("statuses", "confirmed", "the status 'confirmed' (the default) must exist")
    ftm = resolve_ftm(merged["ftm"], set(types), set(relations), issues)
    return Vocabulary(types, relations, statuses, groups, ftm)
