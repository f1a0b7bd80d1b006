"""Text folding shared by validation, name lookup and lint.

Names in case files arrive in many spellings: accents present or not, quotes curly or
straight, and sometimes UTF-8 bytes mis-read as Latin-1 (``OzenMounaÃ¯Gaz``). Folding
maps all of these to one comparable form; it never changes what is displayed.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fix_mojibake", "fold", "fold_words", "CONTROL_CHARS", "strip_controls"]

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NON_WORD = re.compile(r"[^\w]+")


_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile("[\u00c2-\u00f4](?:[\u0080-\u00bf" + _CP1252_HIGH + "])+")


def _redecode(match: re.Match[str]) -> str:
    text = match.group()
    # The run may swallow a character that was never part of the garbled sequence
    # (a curly quote right after it: ``KarajanbasmounaÃ¯”``); repair the longest
    # prefix that decodes and keep the rest as it was.
    for end in range(len(text), 0, -1):
        try:
            return _encode(text[:end]).decode("utf-8") + text[end:]
        except UnicodeDecodeError:
            continue
    return text


def _encode(text: str) -> bytes:
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            raw += ch.encode("latin-1")
    return bytes(raw)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1/Windows-1252, wherever it clearly was.

    Works on each garbled run separately, so curly quotes or correct accents next
    to it do not stop the repair.

    >>> fix_mojibake("the company “OzenMounaÃ¯Gaz”")
    'the company “OzenMounaïGaz”'
    >>> fix_mojibake("the company “KarajanbasmounaÃ¯”")
    'the company “Karajanbasmounaï”'
    >>> fix_mojibake("land was very dear â€” up to")
    'land was very dear — up to'
    """
    if not any("\u00c2" <= ch <= "\u00f4" for ch in text):
        return text
    return _MOJIBAKE.sub(_redecode, text)


def fold(text: str) -> str:
    """Case-, accent- and mojibake-insensitive form: ``"Zhanaözen"`` -> ``"zhanaozen"``."""
    text = fix_mojibake(text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("’", "'").replace("‘", "'").casefold()


def fold_words(text: str) -> list[str]:
    """The folded text split into words (letters and digits only)."""
    return [w for w in _NON_WORD.split(fold(text).replace("_", " ")) if w]


def strip_controls(text: str) -> str:
    """Remove characters that XML cannot hold and that no reader can see."""
    return CONTROL_CHARS.sub("", text)
