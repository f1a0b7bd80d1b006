"""One answer to "which actor is called this?", for validation, the CLI and lint.

A name reaches graphkit from a claim in ``edges.yaml``, from ``graphkit path
tuletayeva "zhanaozen city court"`` and from lint comparing two entities. All three
must agree on what counts as the same name, so the rules live here, strictest first:

``id``
    the id exactly as written;
``name``
    an id, name or alias equal after folding (:func:`graphkit.text.fold`: case,
    accents, curly quotes, UTF-8 mis-read as Latin-1);
``words``
    equal word by word, so hyphens, underscores and punctuation do not matter
    (``zhanaozen_city_court``);
``skeleton``
    equal as a transliteration (:func:`graphkit.names.skeleton`: Tuletayeva for
    Tuletaeva, Janaozen for Zhanaozen). This is a guess, so it counts only when it
    names a single actor.

Namesakes are real (two people with one name; branches of one company), so an index
may hold one name for several actors: a lookup then returns them all, and the caller
reports the ambiguity with the candidates instead of guessing.

The index is built from ``(id, name, aliases)`` triples and knows nothing of graphs or
YAML, so validation builds it from entities and the analysis commands from a graph's
nodes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from graphkit.names import skeleton
from graphkit.text import fold, fold_words

__all__ = ["NameIndex", "Match", "same_name", "LEVELS"]

#: How two names can agree, strictest first.
LEVELS = ("id", "name", "words", "skeleton")


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=65536)
def _words(text: str) -> str:
    return " ".join(fold_words(text))


def same_name(a: str, b: str) -> str | None:
    """The strictest level at which two spellings are one name, or None.

    >>> same_name("Zhanaözen", "ZHANAOZEN"), same_name("Tuletayeva", "Tuletaeva")
    ('name', 'skeleton')
    """
    if _folded(a) == _folded(b):  # lint compares each name with many: cached
        return "name"
    words_a = _words(a)
    if words_a and words_a == _words(b):
        return "words"
    skeleton_a = skeleton(a)
    if skeleton_a and skeleton_a == skeleton(b):
        return "skeleton"
    return None


@dataclass(frozen=True)
class Match:
    """The actors a name points at (ids, sorted) and the level that found them."""

    ids: tuple[str, ...] = ()
    how: str = ""

    @property
    def unique(self) -> str | None:
        """The id when exactly one actor answers, else None."""
        return self.ids[0] if len(self.ids) == 1 else None

    @property
    def ambiguous(self) -> bool:
        """Whether several actors answer to the name (namesakes)."""
        return len(self.ids) > 1


class NameIndex:
    """Actors by every name they answer to: id, name and aliases.

    >>> index = NameIndex([("roza-tuletaeva", "Roza Tuletaeva", ["Roza Tuletayeva"])])
    >>> index.find("ROZA TULETAYEVA"), index.find("roza tuletaieva").how
    (Match(ids=('roza-tuletaeva',), how='name'), 'skeleton')
    """

    def __init__(self, actors: Iterable[tuple[str, str | None, Iterable[str]]] = ()) -> None:
        self._labels: dict[str, str] = {}
        self._forms: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, set[str]] = {}
        # built on first use: most lookups stop at the folded name
        self._by_words: dict[str, set[str]] | None = None
        self._by_skeleton: dict[str, set[str]] | None = None
        for ident, name, aliases in actors:
            self.add(ident, name, aliases)

    def __contains__(self, ident: object) -> bool:
        return ident in self._labels

    def __len__(self) -> int:
        return len(self._labels)

    def add(self, ident: str, name: str | None, aliases: Iterable[str] = ()
            ) -> list[tuple[str, list[str]]]:
        """Record an actor; return each of its names already held by other actors.

        The result, ``[(name as written, [other ids])]``, is how validation finds
        namesakes while it reads a file.
        """
        forms: list[str] = []
        shared: list[tuple[str, list[str]]] = []
        own: set[str] = set()
        for form in (ident, name, *aliases):
            if not form:
                continue
            key = fold(form)
            if key in own:
                continue
            own.add(key)
            forms.append(form)
            holders = self._folded.setdefault(key, set())
            others = sorted(holders - {ident})
            if others:
                shared.append((form, others))
            holders.add(ident)
        self._labels[ident] = name or ident
        self._forms[ident] = tuple(dict.fromkeys((*self._forms.get(ident, ()), *forms)))
        self._by_words = self._by_skeleton = None
        return shared

    def names_of(self, ident: str) -> tuple[str, ...]:
        """Every distinct name the actor answers to, its id first."""
        return self._forms.get(ident, ())

    def describe(self, ident: str) -> str:
        """``"Label (id)"``, or the id alone when it is the label."""
        label = self._labels.get(ident, ident)
        return f"{label} ({ident})" if label and label != ident else ident

    def namesakes(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each folded name held by several actors, with their ids (sorted)."""
        for key, ids in self._folded.items():
            if len(ids) > 1:
                yield key, tuple(sorted(ids))

    # --- lookups ---------------------------------------------------------------------

    def exact(self, text: str) -> Match:
        """The actors whose id is ``text`` or whose id, name or alias folds to it."""
        text = text.strip()
        if text in self._labels:
            return Match((text,), "id")
        ids = self._folded.get(fold(text))
        return Match(tuple(sorted(ids)), "name") if ids else Match()

    def find(self, text: str) -> Match:
        """The strictest non-empty match: id, folded name, words, then skeleton.

        A skeleton match may name several actors; callers treat that as ambiguous,
        never as a choice.
        """
        match = self.exact(text)
        if match.ids:
            return match
        words = _words(text)
        ids = self._words_index().get(words) if words else None
        if ids:
            return Match(tuple(sorted(ids)), "words")
        target = skeleton(text)
        ids = self._skeleton_index().get(target) if target else None
        if ids:
            return Match(tuple(sorted(ids)), "skeleton")
        return Match()

    def candidates(self, text: str, limit: int = 8) -> list[str]:
        """Ids a name that found nothing may have meant, likeliest first.

        Names containing every word typed come first (``roza`` -> Roza Tuletaeva), then
        spellings that are merely close (``tuletaieva``); neither is taken on trust.
        """
        wanted = set(fold_words(text))
        partial = sorted({ident for words, ids in self._words_index().items()
                          if wanted and wanted <= set(words.split()) for ident in ids})
        result = list(partial)
        for key in difflib.get_close_matches(fold(text), list(self._folded), n=limit,
                                             cutoff=0.6):
            result.extend(i for i in sorted(self._folded[key]) if i not in result)
        return result[:limit]

    def suggestion(self, text: str) -> str | None:
        """The one id a misspelt reference most likely meant, or None.

        A transliteration or word-by-word match that names one actor wins; then the
        closest spelling, if it belongs to one actor; then the only actor whose names
        contain every word given.
        """
        match = self.find(text)
        if match.unique:
            return match.unique
        for key in difflib.get_close_matches(fold(text), list(self._folded), n=1, cutoff=0.6):
            ids = self._folded[key]
            if len(ids) == 1:
                return next(iter(ids))
        wanted = set(fold_words(text))
        partial = {ident for words, ids in self._words_index().items()
                   if wanted and wanted <= set(words.split()) for ident in ids}
        return partial.pop() if len(partial) == 1 else None

    # --- lazily built indexes ----------------------------------------------------------

    def _words_index(self) -> dict[str, set[str]]:
        if self._by_words is None:
            self._by_words = {}
            for ident, forms in self._forms.items():
                for form in forms:
                    words = _words(form)
                    if words:
                        self._by_words.setdefault(words, set()).add(ident)
        return self._by_words

    def _skeleton_index(self) -> dict[str, set[str]]:
        if self._by_skeleton is None:
            self._by_skeleton = {}
            for ident, forms in self._forms.items():
                for form in forms:
                    key = skeleton(form)
                    if key:
                        self._by_skeleton.setdefault(key, set()).add(ident)
        return self._by_skeleton
