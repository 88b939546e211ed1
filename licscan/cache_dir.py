"""Where licscan keeps what it can rebuild (reference tokens, the parsed rules, classifications), and
how a file gets there: atomically, so a reader never sees half of one.

Nothing here is ever required: a cache directory that cannot be written is ignored, and every reader
of a file in it rebuilds what it finds missing, unreadable, corrupt or stale.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def reference_cache_dir() -> Path | None:
    """$LICSCAN_CACHE_DIR, else the user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux,
    ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows), subfolder ``licscan``. LICSCAN_CACHE_DIR
    set to an empty value or ``off`` disables every cache."""
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
