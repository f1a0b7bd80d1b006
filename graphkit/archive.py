"""Check evidence against the archived source texts.

Each claim cites lines of an archived text. The check proves two things a reviewer
would: the cited lines exist, and together they mention both ends of the claim, by
name, by alias, or by a distinctive word of one (a surname, say). It catches the
commonest curation slips: an off-by-some line number, a claim filed under the wrong
actor, a spelling that was never recorded as an alias.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from graphkit.issues import Issue
from graphkit.model import Claim, Entity, Source
from graphkit.names import skeleton
from graphkit.safefile import Refused, read_inside
from graphkit.text import fold_words

__all__ = ["check_archive", "archive_files", "mentions", "GENERIC_WORDS", "ArchiveTexts",
           "ARCHIVE_BYTES"]

#: Words too common in case files to identify an actor on their own.
GENERIC_WORDS = frozenset([
    "the", "and", "for", "from", "with", "that", "this", "were", "was", "are", "his", "her",
    "its", "their", "our", "into", "over", "after", "before", "about", "against", "between",
    "under", "among", "also", "other", "more", "most", "some", "such", "than", "then", "them",
    "they", "who", "whom", "which", "while", "within", "without", "upon", "unto", "police",
    "court", "courts", "union", "unions", "trade", "workers", "worker", "company", "companies",
    "oil", "gas", "city", "town", "regional", "region", "national", "international", "state",
    "government", "ministry", "committee", "council", "party", "movement", "group",
    "federation", "association", "organisation", "organization", "department", "office", "city",
    "people", "human", "rights", "first", "deputy", "head", "chief", "general", "public",
    "prosecutor", "prosecutors", "judge", "office", "official", "officials", "republic", "west",
    "western", "east", "eastern", "north", "south", "central", "kazakh", "kazakhstan", "news",
    "media", "film", "journal", "newspaper", "website", "online", "campaign", "campaigns",
    "conference", "strike", "strikes", "strikers", "massacre", "trial", "trials", "square",
    "affairs", "interior", "justice", "social", "socialist", "labour", "labor", "free",
    "freedom", "independent", "president", "minister", "leader", "leaders", "member", "members",
    "activist", "activists", "lawyer", "lawyers", "family", "brother", "sister", "wife",
    "husband", "son", "daughter", "father", "mother", "friend", "friends", "center", "centre",
    "house", "street", "hospital", "prison", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "wave", "year", "years",
])

#: Words that never identify anything, even in a name made only of common words.
FUNCTION_WORDS = frozenset([
    "the", "and", "for", "from", "with", "that", "this", "were", "was", "are", "his", "her",
    "its", "their", "our", "into", "over", "after", "before", "about", "against", "between",
    "under", "among", "also", "other", "more", "most", "some", "such", "than", "then", "them",
    "they", "who", "whom", "which", "while", "within", "without", "upon", "unto",
])


def _key(word: str) -> str:
    """A word as compared: transliteration variants fold together (OzenMounaïGaz)."""
    return skeleton(word) or word


def _labels(entity: Entity) -> list[tuple[list[str], set[str], set[str]]]:
    """For each name form: its words, its distinctive words, and its content words."""
    labels = []
    for label in (entity.name, *entity.aliases, entity.id.replace("-", " ")):
        folded = fold_words(label)
        if not folded:
            continue
        content = {w for w in folded if len(w) >= 4 and w not in FUNCTION_WORDS
                   and not w.isdigit()}
        labels.append(([_key(w) for w in folded], {_key(w) for w in content - GENERIC_WORDS},
                       {_key(w) for w in content}))
    return labels


def mentions(entity: Entity, text_words: list[str]) -> bool:
    """Whether the words of a text mention the entity.

    A name form counts when the text holds the whole form, or one of its distinctive
    words (a surname, say), or, for a form made only of common words ("Kazakh
    courts"), all of its longer words.
    """
    keys = [_key(w) for w in text_words]
    words = set(keys)
    joined = " " + " ".join(keys) + " "
    for form, distinctive, content in _labels(entity):
        if distinctive:
            if distinctive & words:
                return True
        elif content and content <= words:
            return True
        if " " + " ".join(form) + " " in joined:
            return True
    return False


def check_archive(claims: list[Claim], entities: dict[str, Entity], sources: dict[str, Source],
                  archive_dir: Path, edges_file: str, strict: bool = False) -> list[Issue]:
    """Issues for evidence whose lines are missing or do not mention both ends."""
    severity = "error" if strict else "warning"
    texts: dict[str, list[str] | None] = {}
    issues: list[Issue] = []
    for source in sources.values():
        if not source.archive:
            continue
        try:
            raw = read_inside(archive_dir, source.archive, ARCHIVE_BYTES)
            texts[source.id] = raw.decode("utf-8", errors="replace").splitlines()
        except Refused as refused:
            texts[source.id] = None
            issues.append(_refusal(refused, source, archive_dir))
    return issues + _check_lines(claims, entities, texts, edges_file, severity)


#: An archived text is read only up to the data files' own limit.
ARCHIVE_BYTES = 256 * 1024 * 1024


def archive_files(sources: dict[str, Source]) -> list[str]:
    """The archived texts a check of ``sources`` reads (what the cache must watch)."""
    return sorted({s.archive for s in sources.values() if s.archive})


def _refusal(refused: Refused, source: Source, archive_dir: Path) -> Issue:
    if refused.code == "missing-file":
        return Issue("archive-missing", f"archived text '{source.archive}' of source "
                     f"'{source.id}' is not in {archive_dir}", source.file, source.line,
                     severity="warning", hint="check `archive:` or the --archive folder")
    # Leading outside the folder, or a FIFO or device: never read, whatever --strict says.
    return Issue(refused.code, f"'archive' of source '{source.id}': {refused.message}",
                 source.file, source.line, hint=refused.hint)


def _check_lines(claims: list[Claim], entities: dict[str, Entity],
                 texts: dict[str, list[str] | None], edges_file: str,
                 severity: str) -> list[Issue]:
    issues: list[Issue] = []
    for claim in claims:
        for number, evidence in enumerate(claim.evidence):
            lines = texts.get(evidence.source)
            if lines is None:
                continue
            place = dict(file=edges_file, line=evidence.line or claim.line)
            if not evidence.lines:
                issues.append(Issue("archive-line", f"evidence from '{evidence.source}' cites no "
                                    "lines", severity=severity, hint="add `lines:`",
                                    loc=(claim.id, "evidence", number), **place))
                continue
            cited: list[str] = []
            missing = [f"{a}-{b}" if a != b else str(a)
                       for a, b in evidence.lines if b > len(lines)]
            if missing:
                issues.append(Issue("archive-line",
                                    f"line(s) {', '.join(missing)} do not exist: "
                                    f"'{evidence.source}' has {len(lines)} lines",
                                    severity=severity, hint="cite existing lines",
                                    loc=(claim.id, "evidence", number), **place))
                continue
            for a, b in evidence.lines:
                cited.extend(lines[a - 1:b])
            words = fold_words(" ".join(cited))
            for side in ("source", "target"):
                entity = entities[getattr(claim, side)]
                if not mentions(entity, words):
                    issues.append(Issue(
                        "archive-mention",
                        f"claim {claim.id}: lines {', '.join(evidence.lines_text())} of "
                        f"'{evidence.source}' do not mention the {side} '{entity.name}'",
                        severity=severity,
                        hint="cite the line that names it, or add the spelling used there as an alias",
                        loc=(claim.id, "evidence", number), **place))
    return issues


_LINES = re.compile(r"^\s*([0-9]{1,9})\s*(?:[-–]\s*([0-9]{1,9})\s*)?\Z")


class ArchiveTexts:
    """The archived texts of a case's sources, read once each, to quote cited lines.

    ``files`` maps a source id to its ``archive:`` file name. A name that leads out of
    ``folder`` (``../``, an absolute path, a link) is never read: a quotation ends up in
    published text, and a data folder must not be able to pull other files into it.
    """

    def __init__(self, folder: str | Path, files: Mapping[str, str | None]) -> None:
        self.folder = Path(folder)
        self.files = dict(files)
        self.missing: set[str] = set()
        self._texts: dict[str, list[str] | None] = {}

    def _text(self, source: str) -> list[str] | None:
        if source not in self._texts:
            name = self.files.get(source)
            text = None
            if name:
                try:  # inside the folder, a regular file, within the size limit
                    raw = read_inside(self.folder, name, ARCHIVE_BYTES)
                    text = raw.decode("utf-8", errors="replace").splitlines()
                except Refused:
                    text = None
                if text is None:
                    self.missing.add(source)
            self._texts[source] = text
        return self._texts[source]

    def cited(self, source: str, lines: Sequence[str]) -> list[str] | None:
        """The text of the cited lines (``["49", "51-53"]``) in order, or None when the
        source has no readable archived text. Lines past the end are skipped."""
        numbered = self.numbered(source, lines)
        return None if numbered is None else [text for _n, text in numbered]

    def numbered(self, source: str, lines: Sequence[str]) -> list[tuple[int, str]] | None:
        """Like :meth:`cited`, each line with its number (the explorer shows them)."""
        text = self._text(source)
        if text is None:
            return None
        result: list[tuple[int, str]] = []
        for item in lines:
            match = _LINES.match(str(item))
            if not match:
                continue
            first = max(int(match.group(1)), 1)
            last = min(int(match.group(2) or first), len(text))
            result.extend((n, text[n - 1]) for n in range(first, last + 1))
        return result
