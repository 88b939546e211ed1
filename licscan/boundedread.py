"""Reading a file the user named without trusting what it is: bounded, and never blocking.

``Path.read_bytes()`` on a 1 GB file takes 1 GB of memory, on ``/dev/zero`` it never ends, and on
a FIFO nobody writes to it blocks forever. Every file licscan reads by a name the user gave goes
through ``read_bounded``: the kind of file is checked with ``os.stat`` before anything is opened,
the open itself cannot block (``O_NONBLOCK``), and at most ``limit + 1`` bytes are read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import InputError


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def read_bounded(path: str | Path, limit: int, *, what: str, too_large: str = "", allow_pipe: bool = False) -> bytes:
    """The bytes of ``path`` (at most ``limit``), or an InputError naming the problem in one line.

    ``what`` names the expected file in messages ("a license file"); ``too_large`` is said after
    the size when the file is over ``limit``. Pipes (a named FIFO, or ``<(command)`` from the
    shell) are refused unless ``allow_pipe``; then one with no writer reads as empty, never blocks.
    """
    shown = str(path)
    try:
        info = os.stat(path)   # follows symlinks: a link to /dev/zero is a device
    except FileNotFoundError:
        raise InputError("file not found", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
    pipe = stat.S_ISFIFO(info.st_mode)
    if not stat.S_ISREG(info.st_mode) and not (pipe and allow_pipe):
        raise InputError(f"is {_kind(info.st_mode)}, not a regular file; give {what}", shown)
    if info.st_size > limit:
        raise InputError(f"is {info.st_size:,} bytes, over the {_mib(limit)} limit{too_large}", shown)
    try:
        # O_NONBLOCK: the file may have been swapped for a FIFO since stat(); opening it must not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
    try:
        opened = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(opened) and not (stat.S_ISFIFO(opened) and allow_pipe):
            raise InputError(f"is {_kind(opened)}, not a regular file; give {what}", shown)
        if stat.S_ISFIFO(opened):
            os.set_blocking(descriptor, True)   # a writer that is there is waited for; none means EOF
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            try:
                chunk = os.read(descriptor, min(remaining, 1024 * 1024))
            except OSError as exc:
                if exc.errno == errno.EISDIR:
                    raise InputError(f"is a directory, not a regular file; give {what}", shown) from None
                raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        # The file grew after stat(), or reports no size (a pipe, a /proc file).
        raise InputError(f"is over the {_mib(limit)} limit{too_large}", shown)
    return data
