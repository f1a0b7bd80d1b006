"""Text helpers shared by validation, name lookup, lint, the exports and the CLI.

Names in case files arrive in many spellings: accents present or not, quotes curly or
straight, and sometimes UTF-8 bytes mis-read as Latin-1 (``OzenMounaÃ¯Gaz``). Folding
maps all of these to one comparable form; it never changes what is displayed.

This module is also the one home of control characters, which matter in three places
that need different sets (all built from the same ranges below):

* ``YAML_CONTROL``: raw C0 controls and DEL in a data file, reported before parsing;
* ``CONTROL_CHARS``: what is removed from every data value and every exported string
  (:func:`clean_text`): invisible C0/C1 controls, and what XML 1.0 cannot hold;
* ``TERMINAL_CONTROL``: what must never reach a terminal raw (:func:`escape_controls`):
  ESC, CSI, OSC, BEL, CR and friends, which can retitle a window, clear the screen,
  overwrite a line or write to the clipboard (OSC 52).

And of :func:`shorten`, which bounds a value quoted in a message.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fix_mojibake", "fold", "fold_words", "CONTROL_CHARS", "YAML_CONTROL",
           "TERMINAL_CONTROL", "strip_controls", "clean_text", "escape_controls", "shorten"]

_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 controls but tab, line feed and carriage return
_C1 = "\x7f-\x9f"  # DEL and the C1 controls (CSI is U+009B, OSC U+009D)

#: Raw controls reported in a YAML file before parsing (libyaml reports C1 itself).
YAML_CONTROL = re.compile(f"[{_C0}\x7f]")
#: Removed from data values and exported text: invisible, and what XML 1.0 forbids
#: (lone surrogates, which UTF-8 cannot encode, U+FFFE and U+FFFF).
CONTROL_CHARS = re.compile(f"[{_C0}{_C1}\ud800-\udfff\ufffe\uffff]")
#: Escaped in anything printed: every control but tab and line feed.
TERMINAL_CONTROL = re.compile(f"[{_C0}\r{_C1}]")
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


def clean_text(value: str) -> str:
    """``value`` without the characters no exported file may contain."""
    # isprintable() is False for every character CONTROL_CHARS matches: a fast path for
    # the common case of text without any control or format character.
    return value if value.isprintable() else CONTROL_CHARS.sub("", value)


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_controls(text: str) -> str:
    """``text`` with every terminal control shown as ``\\u00NN`` (ESC as ``\\u001b``).

    Applied to everything the CLI prints, on a terminal or not: a value read from a
    data folder can then never move the cursor, retitle the window, clear the screen
    or set the clipboard of whoever reads the output. Tabs and line feeds are kept.
    The ``\\u`` form is JSON's own: JSON on stdout stays valid (``json.dumps`` escapes
    C0 itself but leaves DEL and C1, such as CSI U+009B, raw).
    """
    return TERMINAL_CONTROL.sub(_visible, text) if TERMINAL_CONTROL.search(text) else text


#: Longest message text kept whole (a message quoting a 1 MB value is cut).
MESSAGE_LIMIT = 300


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut in the middle to about ``limit`` characters, saying how much went.

    The middle goes, not the end, so that a message quoting a huge value still reads
    to its last words: ``unknown field 'ЖЖЖ…(999,700 characters left out)…Ж' in an entity``.
    """
    if len(text) <= limit:
        return text
    tail = max(limit // 5, 1)
    head = max(limit - tail - 40, 1)
    left_out = len(text) - head - tail
    return f"{text[:head]}…({left_out:,} characters left out)…{text[-tail:]}"
