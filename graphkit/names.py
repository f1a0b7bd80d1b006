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
from functools import lru_cache

from anyascii import anyascii

from graphkit.text import fold

__all__ = ["skeleton", "skeleton_tokens", "is_initial_of", "skeleton_spec", "romanise"]

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
_KAZAKH = str.maketrans({"ң": "н", "ғ": "г", "қ": "к", "ө": "о", "ұ": "у", "ү": "у",
                         "һ": "х", "і": "и", "ә": "а"})


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


#: Letters a browser's folding (NFD, marks dropped, lower case) leaves non-ASCII, whose
#: transliteration :func:`skeleton_spec` ships to the page: Latin supplements, Greek,
#: Cyrillic and its supplement.
_SPEC_BLOCKS = ((0x00C0, 0x0250), (0x0370, 0x0400), (0x0400, 0x0530))


def skeleton_spec() -> dict[str, object]:
    """How :func:`skeleton` works, as data, so that another program computes the same.

    The explorer's search runs in the browser; to find what ``graphkit path`` finds it
    must fold a typed name exactly as this module does. Steps, in order: fold case and
    accents (NFD, combining marks dropped, lower case); map Kazakh letters with
    ``kazakh``; transliterate each remaining character with ``translit`` (characters not
    listed are kept); lower-case; keep runs of ``[a-z0-9]`` joined by single spaces;
    then apply ``rules`` in order, each a ``[pattern, replacement]`` pair valid both as
    a Python and as a JavaScript regular expression (global), the replacement written
    in JavaScript's ``$1`` syntax. (Mojibake repair is left out: typed queries do not
    carry it, and the names' own keys are computed in Python.)

    >>> spec = skeleton_spec()
    >>> spec["translit"]["ж"], spec["kazakh"]["ң"]
    ('zh', 'н')
    """
    translit = {}
    for first, last in _SPEC_BLOCKS:
        for code in range(first, last):
            char = chr(code)
            folded = fold(char)
            if len(folded) == 1 and not folded.isascii() and folded == char.casefold():
                value = anyascii(folded).lower()
                if value != folded:
                    translit[folded] = value
    return {
        "kazakh": {chr(k): v for k, v in _KAZAKH.items()},
        "translit": dict(sorted(translit.items())),
        "rules": [[pattern.pattern, replacement.replace("\\1", "$1")]
                  for pattern, replacement in _RULES],
    }


def skeleton_tokens(name: str) -> tuple[str, ...]:
    """The words of the skeleton, for comparisons that ignore word order."""
    return tuple(skeleton(name).split())


def is_initial_of(short: str, word: str) -> bool:
    """Whether ``short`` is an initial (``r`` or ``r.``) of ``word``."""
    return len(short) == 1 and word.startswith(short)
