"""Writing files so that a reader never sees half of one: a temporary file, then a rename. A device or a pipe
(``--output /dev/null``, ``/dev/stdout``, a FIFO a reader waits on) is written into, as a shell's redirection does:
renaming a file over it would put a regular file in its place (as root, /dev/null itself)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path: Path, content: str | bytes) -> None:
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("cannot write: folder does not exist", path)
    if _written_in_place(path):
        return _write_into(path, data)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
        raise


def _written_in_place(path: Path) -> bool:
    """Whether the path (followed through symlinks) is a character device, a FIFO or a socket, or is in /dev
    (``/dev/stdout`` links to whatever the standard output is, a regular file too: no temporary file goes in /dev)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or path.absolute().parent == Path("/dev")


def _write_into(path: Path, data: bytes) -> None:
    """Opened without waiting (a pipe nobody reads is an error, not a wait forever), then written as a stream."""
    try:
        handle = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = "no process is reading the pipe" if exc.errno == errno.ENXIO else exc.strerror or str(exc)
        raise InputError(f"cannot write: {reason}", path) from None
    try:
        os.set_blocking(handle, True)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
