"""The text PDFium extracted from a PDF, kept in the cache folder by the file's sha256.

Extracting a license PDF's text costs a few milliseconds a page, and ~15 ms more to load PDFium, on
every run that reads it (a remembered classification still needs the evidence it is looked up by). The
text is a function of the file's bytes and of the code that extracts it, so it is kept under a key over
pypdfium2's and PDFium's versions, licscan's reading code and limits, and the Python version: any change is
another key, and the text is extracted again. Only a successful extraction is kept (a problem is
reported afresh each time). One file per PDF (few repositories ship one), the newest ``KEEP`` kept.

marshal, not pickle: a file in the cache folder can only ever build data, never run code; and the cache
folder is used only when it is this user's alone (cache_dir._trusted).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from importlib.util import find_spec
from pathlib import Path

from ..cache_dir import reference_cache_dir, write_atomically

KEEP = 256
_FORMAT = 1
_keys: dict[tuple[int, ...], str | None] = {}


def _store_key(limits: tuple[int, ...]) -> str | None:
    """A digest over what the extracted text depends on besides the file; None without pypdfium2."""
    if limits not in _keys:
        _keys[limits] = _digest(limits)
    return _keys[limits]


def _digest(limits: tuple[int, ...]) -> str | None:
    """Over the binding's and PDFium's version files and PDFium's library (its size and time): found
    without importing pypdfium2, which loads PDFium (~15 ms) that a remembered text does not need."""
    digest = hashlib.sha256(repr((_FORMAT, sys.version, limits)).encode())
    try:
        for package in ("pypdfium2", "pypdfium2_raw"):
            spec = find_spec(package)
            folder = next(iter(spec.submodule_search_locations or ()), None) if spec is not None else None
            if folder is None:
                return None
            for path in sorted(Path(folder).iterdir()):
                if path.name == "version.json":
                    digest.update(path.read_bytes())
                elif path.suffix in (".so", ".dylib", ".dll"):   # ~6 MB: not read, its size and time say when it changed
                    stat = path.stat()
                    digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        digest.update(Path(__file__).with_name("reader.py").read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:24]


def _path(sha256: str, limits: tuple[int, ...]) -> tuple[Path, Path] | None:
    folder = reference_cache_dir()
    key = _store_key(limits)
    if folder is None or key is None or len(sha256) != 64 or sha256.strip("0123456789abcdef"):
        return None
    return folder, folder / f"pdftext-{key}-{sha256}.marshal"


def kept_text(sha256: str, limits: tuple[int, ...]) -> tuple[str, bool] | None:
    """(text, truncated) extracted before from the PDF whose bytes have this sha256, or None."""
    where = _path(sha256, limits)
    if where is None:
        return None
    try:
        data = marshal.loads(where[1].read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        return None
    if (isinstance(data, tuple) and len(data) == 4 and data[:2] == (_FORMAT, sha256)
            and isinstance(data[2], str) and isinstance(data[3], bool)):
        return data[2], data[3]
    return None


def keep_text(sha256: str, limits: tuple[int, ...], text: str, truncated: bool) -> None:
    where = _path(sha256, limits)
    if where is not None:
        write_atomically(where[0], where[1], marshal.dumps((_FORMAT, sha256, text, truncated)), keep=KEEP)
