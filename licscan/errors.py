"""Errors that end a run with exit status 2: bad input, named by file and line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A problem with something the user gave us (manifest, policy, rule file, path).

    The CLI prints it as one line, ``file:line: problem``, and exits 2.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        message = _one_line(message)
        super().__init__(message)
        self.message = message
        self.path = _one_line(str(path)) if path is not None else None   # a file name can carry escapes too
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


def _one_line(text: str) -> str:
    """Control characters from user input (a key with a carriage return) must not break the line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
