"""Read one YAML file safely into plain values that remember where they came from.

Why not ``yaml.safe_load``: it turns ``country: NO`` into ``False`` and ``2012-06-04``
into a ``date``, silently keeps the last of two duplicate keys, expands aliases without
bound, and forgets line numbers. Here libyaml (its C parser when present) only
tokenises; values are built from its event stream by this module, so that:

* every scalar stays the string that was written (``None`` for an empty/null value);
  the contract decides later what is a number or a date;
* every mapping and list remembers the line and column of itself and of each value;
* duplicate keys, tags (``!!python/object`` and friends), excessive nesting and alias
  expansion are reported as issues, never executed or silently accepted;
* the file must be UTF-8 (a BOM and CRLF line ends are fine).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphkit.issues import Issue
from graphkit.safefile import Refused, read_inside, read_regular
from graphkit.text import YAML_CONTROL

_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent

__all__ = ["Limits", "YMap", "YList", "Mark", "ReadResult", "read_yaml_file", "read_yaml_text"]

try:  # the libyaml C parser: several times faster than the pure-Python one
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|seq|map|timestamp)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Limits:
    """Resource bounds for one file; crossing one is an issue, never a crash or a hang."""

    max_bytes: int = 256 * 1024 * 1024
    max_depth: int = 64
    max_values: int = 40_000_000
    max_alias_expansion: int = 100_000
    #: Characters the aliases may add: the value budget alone lets one 1 MB string
    #: aliased 99 times turn 2 MB of YAML into a gigabyte of output.
    max_alias_chars: int = 4_000_000


@dataclass(frozen=True)
class Mark:
    """Where a value starts: 1-based line and column, and whether it was a plain scalar."""

    line: int
    column: int
    plain: bool = False


class YMap(dict):
    """A mapping that remembers the place of itself, of each key and of each value."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}

    def mark_of(self, key: str) -> Mark:
        """The place of the value under ``key`` (or of the mapping if the key is absent)."""
        return self.value_marks.get(key) or self.key_marks.get(key) or self.mark


class YList(list):
    """A list that remembers the place of itself and of each item."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []

    def mark_of(self, index: int) -> Mark:
        """The place of item ``index``."""
        if 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return self.mark


@dataclass
class ReadResult:
    """The value read from a file (None if it could not be read) and the issues met."""

    value: Any
    issues: list[Issue] = field(default_factory=list)


class _Abort(Exception):
    """Stop building: the issue is recorded and nothing after it can be trusted."""


def read_yaml_file(path: str | Path, display: str | None = None, limits: Limits | None = None,
                   progress: Callable[[int, int], None] | None = None, *,
                   within: Path | None = None) -> ReadResult:
    """Read ``path``; ``display`` is the name used in messages (e.g. ``data/edges.yaml``).

    With ``within``, ``path`` must resolve inside that folder (see :mod:`graphkit.safefile`);
    in every case only a regular file within ``limits.max_bytes`` is read, and its size
    is checked before any byte is. ``progress(done, total)`` is called now and then with
    the characters read so far.
    """
    limits = limits or Limits()
    path = Path(path)
    name = display or str(path)
    try:
        if within is not None:
            raw = read_inside(within, str(path.relative_to(within)), limits.max_bytes)
        else:
            raw = read_regular(path, limits.max_bytes)
    except Refused as refused:
        hint = refused.hint
        if refused.code == "missing-file":
            hint = "create it (an empty list `[]` is valid)"
        return ReadResult(None, [Issue(refused.code, refused.message, name, hint=hint)])
    return read_yaml_bytes(raw, name, limits, progress)


def read_yaml_bytes(raw: bytes, name: str, limits: Limits | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ReadResult:
    """Decode UTF-8 (with or without BOM) and read; other encodings are an issue."""
    limits = limits or Limits()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ReadResult(None, [Issue("bad-encoding", "the file is UTF-16, not UTF-8", name, 1, 1,
                                       hint="re-save the file as UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        guess = "Latin-1 or Windows-1252" if byte >= 0xA0 or byte in (0x80, 0x92, 0x96) else "not UTF-8"
        return ReadResult(None, [Issue(
            "bad-encoding",
            f"byte 0x{byte:02x} is not valid UTF-8 (the file looks like {guess})",
            name, line, column, hint="re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")])
    return read_yaml_text(text, name, limits, progress)


_PROGRESS_EVERY = 1 << 15  # events between progress reports


def read_yaml_text(text: str, name: str, limits: Limits | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ReadResult:
    """Read YAML text into YMap/YList/str/None values with their places."""
    limits = limits or Limits()
    control = YAML_CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return ReadResult(None, [Issue(
            "control-character",
            f"invisible control character U+{ord(control.group()):04X} in the file",
            name, line, column, hint="delete it (it often comes from pasting out of a PDF)")])
    builder = _Builder(name, limits)
    try:
        if progress is None:
            for event in yaml.parse(text, Loader=_Loader):
                builder.feed(event)
        else:
            total = len(text)
            for count, event in enumerate(yaml.parse(text, Loader=_Loader)):
                builder.feed(event)
                if count % _PROGRESS_EVERY == 0:
                    progress(min(event.start_mark.index, total), total)
            progress(total, total)
    except _Abort:
        return ReadResult(None, builder.issues)
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, builder.issues + [_syntax_issue(exc, name, text, limits)])
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return ReadResult(None, builder.issues + [Issue("yaml-syntax", str(exc), name)])
    if any(i.severity == "error" for i in builder.issues):
        return ReadResult(None, builder.issues)
    return ReadResult(builder.result(), builder.issues)


_TOO_DEEP_HINT = "flatten the structure; data files need 3 or 4 levels"


def _too_deep(limits: Limits) -> str:
    return f"nesting deeper than {limits.max_depth} levels"


def _syntax_issue(exc: yaml.MarkedYAMLError, name: str, text: str, limits: Limits) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = (exc.problem or "syntax error").strip()
    if "nesting depth" in problem:
        # libyaml 0.2.5 (in PyYAML >= 6.0.4 wheels) has a nesting limit of its own and its
        # scanner reaches it while looking ahead, before graphkit's builder sees the
        # events: the same limit, reported the same way whichever libyaml is present.
        return Issue("yaml-limit", _too_deep(limits), name, line, column, hint=_TOO_DEEP_HINT)
    context = (exc.context or "").strip()
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if at == "\t" or "tab" in problem.lower():
        return Issue("yaml-tab", "a tab character is used where YAML expects spaces", name,
                     line, column, hint="indent with spaces, never tabs")
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = "check the indentation and quoting at this place"
    misaligned = _misaligned_key(lines, line)
    if misaligned:
        hint = misaligned
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted"
    elif "found undefined alias" in problem or "undefined alias" in problem:
        hint = "define the anchor (&name) before using the alias (*name)"
    return Issue("yaml-syntax", message, name, line, column, hint=hint)


# A line holding a key: indentation, list dashes, the key (plain or quoted), the rest.
_KEY_LINE = re.compile(r"""^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s#'"\-\[\]{}&*!|>][^:#]*?):(?: +(.*))?$""")


def _key_at(text: str) -> tuple[int, str, str] | None:
    """(1-based column of the key, key, value with any comment removed) of a key line."""
    match = _KEY_LINE.match(text.rstrip())
    if not match:
        return None
    value = re.sub(r"(^| +)#.*$", "", match.group(4) or "").strip()
    return len(match.group(1)) + len(match.group(2)) + 1, match.group(3), value


def _misaligned_key(lines: list[str], line: int) -> str | None:
    """An indentation hint when the line in error is a key out of line with the key above.

    libyaml reports an over-indented key as "mapping values are not allowed here" (it
    reads the key as more of the value above) or "did not find expected key", which
    sends people quoting values. The real cause is visible in the text: the key above
    holds a single value, so a key below it belongs in the same column.
    """
    if not 0 < line <= len(lines):
        return None
    here = _key_at(lines[line - 1])
    above = next(((n, _key_at(lines[n - 1])) for n in range(line - 1, 0, -1)
                  if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")), None)
    if here is None or above is None or above[1] is None or above[1][0] == here[0]:
        return None
    number, (column, key, value) = above
    shown = here[1] if len(here[1]) <= 40 else here[1][:39] + "…"
    key = key if len(key) <= 40 else key[:39] + "…"
    if here[0] > column:
        if not value or value[0] in "|>":
            return None  # the key above opens a nested block: deeper is right
        way = "deeper"
    else:
        # less deep is right when it returns to the column of an enclosing key
        for n in range(number - 1, 0, -1):
            text = lines[n - 1]
            if not text.strip() or text.strip().startswith("#"):
                continue
            outer = _key_at(text)
            if outer is not None and outer[0] == here[0]:
                return None
            if len(text) - len(text.lstrip(" ")) + 1 < here[0]:
                break
        way = "less deep"
    return (f"'{shown}:' is indented {way} than '{key}:' on line {number} (column "
            f"{here[0]}, not {column}): keys of one item start in the same column")


class _Builder:
    """Turn libyaml events into values, enforcing the limits as it goes."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.issues: list[Issue] = []
        # stack of [container, pending_key_or_None, pending_key_mark]
        self.stack: list[list[Any]] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # anchor -> (value, values, chars)
        self.anchor_starts: list[tuple[str, int, int]] = []  # (anchor, stack depth, values before)
        self.values = 0
        self.expanded = 0
        self.chars = 0  # characters of scalars read, and added by aliases
        self.alias_chars = 0  # characters added by aliases alone
        self.documents: list[Any] = []

    def result(self) -> Any:
        return self.documents[0] if self.documents else None

    def _issue(self, code: str, message: str, mark: Any, hint: str = "") -> None:
        line = mark.line + 1 if mark is not None else 0
        column = mark.column + 1 if mark is not None else 0
        self.issues.append(Issue(code, message, self.name, line, column, hint=hint))

    def _abort(self, code: str, message: str, mark: Any, hint: str = "") -> None:
        self._issue(code, message, mark, hint)
        raise _Abort

    def _check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not _STANDARD_TAG.match(tag):
            self._abort("yaml-tag", f"the tag {tag} is not allowed", event.start_mark,
                        "remove the tag: graphkit reads plain values only")

    def feed(self, event: Any) -> None:
        # Tested by class, most frequent first: this runs once per event (about 1.4
        # million times for a file of 50,000 claims).
        kind = type(event)
        if kind is _SCALAR:
            mark = event.start_mark
            self._check_tag(event)
            plain = not event.style and event.tag in (None, "!")
            value = None if (plain and event.value in _NULLS) else event.value
            self._count(1, mark)
            size = len(event.value)
            self.chars += size
            self._remember(event.anchor, value, 1, size)
            self._add(value, Mark(mark.line + 1, mark.column + 1, plain), mark)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            mark = event.start_mark
            self._check_tag(event)
            if len(self.stack) >= self.limits.max_depth:
                self._abort("yaml-limit", _too_deep(self.limits), mark, _TOO_DEEP_HINT)
            m = Mark(mark.line + 1, mark.column + 1)
            container: Any = YMap(m) if kind is _MAPPING_START else YList(m)
            self._count(1, mark)
            self.stack.append([container, None, None, event.anchor, self.values + self.expanded,
                               self.chars])
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            container, pending, _pmark, anchor, before, chars_before = self.stack.pop()
            self._remember(anchor, container, self.values + self.expanded - before + 1,
                           self.chars - chars_before)
            self._add(container, container.mark, event.start_mark)
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            if event.anchor not in self.anchors:
                self._abort("yaml-syntax", f"alias *{event.anchor} has no anchor", mark,
                            "define the anchor (&name) before using it")
            value, size, chars = self.anchors[event.anchor]
            self.expanded += size
            self.chars += chars
            if self.expanded > self.limits.max_alias_expansion:
                self._abort("yaml-limit",
                            f"aliases expand to more than {self.limits.max_alias_expansion:,} values",
                            mark, "this looks like an alias bomb; write the values out instead")
            self.alias_chars += chars
            if self.alias_chars > self.limits.max_alias_chars:
                self._abort("yaml-limit",
                            f"aliases expand to more than {self.limits.max_alias_chars:,} "
                            "characters", mark,
                            "this looks like an alias bomb; write the values out instead")
            self._add(value, Mark(mark.line + 1, mark.column + 1), mark)
        elif kind is yaml.DocumentStartEvent and self.documents:
            self._abort("yaml-syntax", "the file holds more than one YAML document",
                        event.start_mark, "remove the `---` separator and merge the lists")
        # StreamStart, StreamEnd and DocumentEnd carry nothing to keep.

    def _count(self, n: int, mark: Any) -> None:
        self.values += n
        if self.values > self.limits.max_values:
            self._abort("yaml-limit", f"more than {self.limits.max_values:,} values in one file",
                        mark, "split the file")

    def _remember(self, anchor: str | None, value: Any, size: int, chars: int) -> None:
        if anchor:
            self.anchors[anchor] = (value, size, chars)

    def _add(self, value: Any, where: Mark, mark: Any) -> None:
        if not self.stack:
            self.documents.append(value)
            return
        top = self.stack[-1]
        container = top[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_marks.append(where)
            return
        if top[1] is None and not top[2]:
            # this value is a key
            if isinstance(value, (YMap, YList)):
                self._abort("wrong-shape", "a mapping key must be a plain word", mark,
                            "use a simple key such as `name:`")
            key = "" if value is None else value
            if key == "<<":
                self._abort("yaml-syntax", "merge keys (<<) are not supported", mark,
                            "write the fields out in full")
            if key in container:
                first = container.key_marks[key]
                self._issue("duplicate-key",
                            f"key '{key}' appears twice in this mapping (first on line {first.line})",
                            mark, "keep one of the two keys: YAML would silently use the last")
            top[1] = key
            top[2] = where
            return
        key = top[1]
        if key not in container:
            container.key_marks[key] = top[2]
            container[key] = value
            container.value_marks[key] = where
        top[1] = None
        top[2] = None
