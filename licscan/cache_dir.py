"""Where licscan keeps what it can rebuild (reference tokens, the parsed rules, classifications), and
how a file gets there: atomically, so a reader never sees half of one.

Nothing here is ever required: a cache directory that cannot be written is ignored, and every reader
of a file in it rebuilds what it finds missing, unreadable, corrupt or stale.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def reference_cache_dir() -> Path | None:
    """$LICSCAN_CACHE_DIR, else the user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux,
    ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows), subfolder ``licscan``. LICSCAN_CACHE_DIR
    set to an empty value or ``off`` disables every cache. A folder another user could write to is
    not used (see ``_trusted``)."""
    folder = _configured_cache_dir()
    return folder if folder is None or _trusted(folder) else None


_warned: set[Path] = set()


def _trusted(folder: Path) -> bool:
    """Remembered classifications are verdicts' evidence: whoever can write the folder could make a
    restricted checkpoint read as permissive. So on POSIX the folder, when it exists, must belong to
    this user and be writable by no one else (as ssh requires of ~/.ssh); if not, licscan says so once
    and runs without a cache. A folder licscan creates is made with the user's umask."""
    if os.name != "posix":
        return True
    try:
        status = folder.stat()
    except OSError:
        return True     # not there yet: write_atomically creates it, owned by this user
    if status.st_uid == os.getuid() and not status.st_mode & 0o022:
        return True
    if folder not in _warned:
        _warned.add(folder)
        print(f"licscan: warning: cache folder {folder} is writable by other users or not yours; "
              "running without it (set LICSCAN_CACHE_DIR to a folder of your own)", file=sys.stderr)
    return False


def _configured_cache_dir() -> Path | None:
    configured = os.environ.get("LICSCAN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "0", "off", "none", "false", "no") else Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "licscan" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "licscan"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "licscan"
    try:
        return Path.home() / ".cache" / "licscan"
    except RuntimeError:   # no home directory
        return None


def read_remembered(path: Path | None, *header: object) -> Any:
    """The value a cache file holds after ``header`` (a file written as ``marshal.dumps((*header, value))``: its
    format, its key, ...), or None: no file, unreadable, not marshal, or another header (another format or key).
    marshal, not pickle: reading a file from the cache can only ever build data, never run code."""
    if path is None:
        return None
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        return None
    if isinstance(data, tuple) and len(data) == len(header) + 1 and data[:-1] == header:
        return data[-1]
    return None


def write_atomically(folder: Path, path: Path, content: bytes, keep: int = 4) -> None:
    """A temporary file renamed into place; keeps the ``keep`` newest files of the same kind (the part
    of the name before the first '-', and the suffix). Errors are swallowed: a cache is optional."""
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".references-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
        temporary = None
        prefix = path.name.split("-", 1)[0]
        others = sorted(folder.glob(f"{prefix}-*{path.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[keep:]:
            old.unlink()
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
