"""Comparable forms of names across transliterations, for finding duplicate actors.

The same person or company reaches a case file spelt many ways: Tuletaeva and
Tuletayeva, Zhanaozen and Janaozen, Ozenmunaigaz and OzenMounaïGaz (or, mis-decoded,
OzenMounaÃ¯Gaz), a Cyrillic original beside its romanisations. ``skeleton`` maps
these to one form by folding case, accents and mojibake, transliterating Cyrillic,
and normalising the usual Kazakh/Russian romanisation variants. It is deliberately
lossy: use it to find candidates, never to display or to decide alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from graphkit.text import fold

__all__ = ["skeleton", "skeleton_tokens", "is_initial_of", "skeleton_spec", "vowel_frame",
           "romanise"]

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r) for p, r in [
        (r"x", "ks"),
        (r"dzh|dj|zh", "j"),            # Zhanaozen / Janaozen / Dzhanaozen
        (r"kh", "h"),                   # Mukhtar / Muhtar
        (r"ou", "u"),                   # OzenMounaiGaz / Ozenmunaigaz
        (r"\bye", "e"),                 # Yessenov / Esenov
        (r"(?<=[aeiou])y(?=[aeiou])", ""),  # Tuletayeva / Tuletaeva, Nazarbayev / Nazarbaev
        (r"(?<=[aeiou])i(?=[aeo])", ""),    # Tuletaieva (after y->i elsewhere)
        (r"y", "i"),                    # Sergey / Sergei, Munay / Munai
        (r"ii\b", "i"),                 # Yuriy / Yurii / Yuri
        (r"nb", "mb"),                  # Karajanbas / Karajambas
        (r"gas\b", "gaz"),              # KazMunayGas / KazMunaiGaz
        (r"w", "v"),
        (r"(.)\1+", r"\1"),             # doubled letters: Yessenov / Yesenov
    ]
]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Kazakh letters as usually romanised in English-language texts (anyascii would give
# "ng" for ң, for instance, where writers put "n": Жаңаөзен is Zhanaozen).
_KAZAKH_CHARS = {"ң": "н", "ғ": "г", "қ": "к", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
                 "ә": "а"}
_KAZAKH = str.maketrans(_KAZAKH_CHARS)


def romanise(text: str) -> str:
    """Folded, in ASCII, Kazakh letters as English-language texts write them.

    >>> romanise("Жаңаөзен"), romanise("Zhanaözen")
    ('zhanaozen', 'zhanaozen')
    """
    return anyascii(fold(text).translate(_KAZAKH))


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A lossy comparable form: ``"Roza Tuletayeva"`` -> ``"roza tuletaeva"``.

    >>> skeleton("OzenMounaÃ¯Gaz") == skeleton("Ozenmunaigaz")
    True
    >>> skeleton("Жанаозен") == skeleton("Zhanaozen") == skeleton("Janaozen")
    True
    """
    text = romanise(name).lower()
    text = " ".join(t for t in _NON_ALNUM.split(text) if t)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


#: Characters whose transliteration :func:`skeleton_spec` ships to the page: Latin-1
#: symbols and Latin supplements, Greek, Cyrillic and its supplement, Latin extended
#: additional, general punctuation to number forms (№, ™, ², Ⅻ), enclosed numbers,
#: ligatures (ﬁ) and full-width forms. Other scripts are not transliterated in the page.
_SPEC_BLOCKS = ((0x00A0, 0x0530), (0x1E00, 0x1F00), (0x2000, 0x2190), (0x2460, 0x2500),
                (0xFB00, 0xFB07), (0xFF00, 0xFFF0))
_ALNUM = re.compile(r"[a-z0-9]")


def _browser_fold(text: str) -> str:
    """What the page's first step gives: NFD, marks (category M) dropped, lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def _one(char: str) -> str:
    """What :func:`skeleton`'s transliteration makes of one character, before the rules."""
    return anyascii(fold(char).translate(_KAZAKH)).lower()


def skeleton_spec() -> dict[str, object]:
    """How :func:`skeleton` works, as data, so that another program computes the same.

    The explorer's search runs in the browser; to find what ``graphkit path`` finds it
    must fold a typed name exactly as this module does. Steps, in order: fold case and
    accents (NFD, characters of Unicode category M dropped, lower case); map Kazakh
    letters with ``kazakh``; transliterate each remaining character with ``translit``
    (characters not listed are kept); lower-case; keep runs of ``[a-z0-9]`` joined by
    single spaces; then apply ``rules`` in order, each a ``[pattern, replacement]`` pair
    valid both as a Python and as a JavaScript regular expression (global), the
    replacement written in JavaScript's ``$1`` syntax. ``translit`` also maps what NFD
    leaves whole and :func:`skeleton` spells out (ß, ﬁ, №, ², full-width letters, the
    final ς that a browser's lower case produces) and characters that vanish (a soft
    hyphen maps to ``""``), so the steps give :func:`skeleton` for Latin, Greek and
    Cyrillic text. (Mojibake repair is left out: typed queries do not carry it, and
    the names' own keys are computed in Python.)

    >>> spec = skeleton_spec()
    >>> spec["translit"]["ж"], spec["kazakh"]["ң"], spec["translit"]["ß"]
    ('zh', 'н', 'ss')
    """
    translit: dict[str, str] = {}
    for first, last in _SPEC_BLOCKS:
        for code in range(first, last):
            for char in _browser_fold(chr(code)):
                if char.isascii() or char in translit:
                    continue
                char = _KAZAKH_CHARS.get(char, char)
                value = _one(char)
                # a character the page would keep is a word break there: list it when
                # skeleton() makes letters of it, or nothing at all
                if value != char and (value == "" or _ALNUM.search(value)):
                    translit[char] = value
    return {
        "kazakh": {chr(k): v for k, v in _KAZAKH.items()},
        "translit": dict(sorted(translit.items())),
        "rules": [[pattern.pattern, replacement.replace("\\1", "$1")]
                  for pattern, replacement in _RULES],
    }


def skeleton_tokens(name: str) -> tuple[str, ...]:
    """The words of the skeleton, for comparisons that ignore word order."""
    return tuple(skeleton(name).split())


_VOWEL_RUN = re.compile(r"[aeiou]+")


def vowel_frame(token: str) -> str:
    """A skeleton word with each run of vowels as ``*``: the consonants and where vowels are.

    Writers hearing a Kazakh name pick vowels freely (Zhanaozen and Zhenaozen,
    Karabalaeva and Karabaleva, Burgylau and Burgylai) but keep its consonants;
    distinct words rarely share a long frame.

    >>> vowel_frame("janaozen") == vowel_frame("jenaozen"), vowel_frame("burgilau")
    (True, 'b*rg*l*')
    """
    return _VOWEL_RUN.sub("*", token)


def is_initial_of(short: str, word: str) -> bool:
    """Whether ``short`` is an initial (``r`` or ``r.``) of ``word``."""
    return len(short) == 1 and word.startswith(short)
