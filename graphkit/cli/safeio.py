"""stdout and stderr that show control characters instead of obeying them.

Every string graphkit prints may carry data: an issue quoting a key, a lint finding, an
actor's name in a path or a table, the data folder's name in a progress label. Data can
hold ESC, CSI or OSC sequences (YAML's ``"\\e"`` escape writes one), which a terminal
would obey: retitle the window, clear the screen, write the clipboard (OSC 52). Rather
than escaping at each of the many places that print, the command line replaces
``sys.stdout`` and ``sys.stderr`` for the duration of a command with these wrappers,
which pass every write through :func:`graphkit.text.escape_controls`: text leaves the
program in exactly one way, on a terminal or not, in a pipe or a log.

The progress line is the only writer of real control sequences (``\\r``, erase line);
it writes them through :attr:`SafeText.unescaped` and escapes its own text.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

from graphkit.text import escape_controls

__all__ = ["SafeText", "SafeBinary", "unescaped"]

# The same controls as graphkit.text.TERMINAL_CONTROL, as UTF-8 bytes (C1 is 0xC2 0x80-0x9F).
_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def _visible(match: re.Match[bytes]) -> bytes:
    """The same ``\\u00NN`` form as :func:`graphkit.text.escape_controls`."""
    return b"\\u%04x" % ord(match.group().decode("utf-8"))


class SafeBinary(io.RawIOBase):
    """A binary stream that escapes control bytes of UTF-8 text.

    What reaches it is either a finished export (graphml, gexf or json, whose text is
    already free of controls, so nothing changes) or text a library wrote through
    ``.buffer``; neither may carry a raw escape sequence.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._raw.write(_BYTES.sub(_visible, chunk) if _BYTES.search(chunk) else chunk)
        return len(chunk)

    def flush(self) -> None:
        self._raw.flush()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def fileno(self) -> int:
        return self._raw.fileno()


class SafeText(io.TextIOBase):
    """A text stream that writes ``escape_controls(text)`` to the stream it wraps."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream
        raw = getattr(stream, "buffer", None)
        self._buffer = SafeBinary(raw) if raw is not None else None

    @property
    def unescaped(self) -> IO[str]:
        """The wrapped stream, for the progress line's own control sequences only."""
        return self._stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    @property
    def buffer(self) -> Any:  # type: ignore[override]
        if self._buffer is None:
            raise AttributeError("buffer")
        return self._buffer

    @property
    def name(self) -> Any:
        return getattr(self._stream, "name", "<stream>")

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        """Close the wrapped stream too (``graphkit … | head``: the reader has left)."""
        super().close()
        self._stream.close()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


def unescaped(stream: IO[str]) -> IO[str]:
    """The stream under a :class:`SafeText` (or ``stream`` itself)."""
    return getattr(stream, "unescaped", stream)
