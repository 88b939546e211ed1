"""Reading one evidence file from disk: bounded, regular files only, as text or as PDF.

Every source (a local folder, a download from the Hub, the Hub cache) hands its files to
``read_evidence_file``, so a file reads the same, and fails the same, whichever way it came.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..model import EvidenceFile
from ..normalize import MAX_CLASSIFY_CHARS, decode
from .common import role_for

READ_LIMIT = MAX_CLASSIFY_CHARS * 4        # bytes of a text file kept for classification (1.6 MB)
MAX_PDF_PAGES = 1000                       # pages of a PDF whose text is extracted
_CHUNK = 1 << 20

# Formats whose text licscan cannot extract: what they are, for the problem line.
UNREADABLE_FORMATS = {
    **dict.fromkeys((".doc", ".docx", ".dot", ".dotx"), "a Word document"),
    **dict.fromkeys((".odt", ".ott", ".pages", ".rtf", ".epub", ".xps", ".oxps", ".djvu"), "a word-processor document"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".heic", ".avif", ".ico"), "an image"),
}


class TooLarge(Exception):
    """The file holds more bytes than the reader was allowed to read."""


def read_evidence_file(path: Path, name: str, limit: int) -> EvidenceFile | str:
    """Hash a file of at most ``limit`` bytes and keep its text; return a problem string when the
    file cannot be evidence (not a regular file, unreadable, binary, a format without text).

    Raises TooLarge when there are more than ``limit`` bytes: the caller names its own cap.
    Never blocks: a FIFO or a device is refused before anything is read from it.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return f"{name}: not a regular file ({_file_kind(mode)}); not read"
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open() still returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return f"{name}: cannot read ({exc.strerror or exc})"
    with os.fdopen(fd, "rb") as handle:
        try:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return f"{name}: not a regular file ({_file_kind(mode)}); not read"
            digest, kept, size = _hash_bounded(handle, limit)
        except OSError as exc:
            return f"{name}: cannot read ({exc.strerror or exc})"
        suffix = Path(name.rsplit("/", 1)[-1]).suffix.lower()
        if suffix in UNREADABLE_FORMATS:
            return f"{name}: {UNREADABLE_FORMATS[suffix]} ({suffix}), which licscan cannot read as text; not read"
        if suffix == ".pdf" or kept.startswith(b"%PDF-"):
            handle.seek(0)
            extracted = _pdf_text(handle, name)
            if isinstance(extracted, str):
                return extracted   # the problem
            text, truncated = extracted
        else:
            decoded, _encoding = decode(bytes(kept))
            if decoded is None:
                return f"{name}: binary file, not a license text; not read"
            text = decoded
            truncated = size > READ_LIMIT or len(text) > MAX_CLASSIFY_CHARS
    return EvidenceFile(name=name, sha256=digest, size=size, text=text, role=role_for(name), truncated=truncated)


def _hash_bounded(handle: BinaryIO, limit: int) -> tuple[str, bytearray, int]:
    """sha256 of the whole file and its first READ_LIMIT bytes; reads at most ``limit`` + 1 bytes."""
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise TooLarge(size)
        digest.update(chunk)
        if len(kept) < READ_LIMIT:
            kept.extend(chunk[: READ_LIMIT - len(kept)])
    return digest.hexdigest(), kept, size


def _pdf_text(handle: BinaryIO, name: str) -> tuple[str, bool] | str:
    """(text, truncated), or the problem. Text is extracted with pypdf, page by page, until
    MAX_CLASSIFY_CHARS characters or MAX_PDF_PAGES pages; more than that is marked truncated."""
    import logging  # here, beside pypdf: importing it costs ~3 ms, and most checks read no PDF

    from pypdf import PdfReader

    # pypdf logs every oddity of a malformed PDF as a warning; the problem line says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    parts: list[str] = []
    length = 0
    try:
        reader = PdfReader(handle)
        if reader.is_encrypted and not reader.decrypt(""):
            return f"{name}: an encrypted PDF, which licscan cannot read; not read"
        pages = reader.pages
        count = len(pages)
        for number in range(min(count, MAX_PDF_PAGES)):
            page_text = pages[number].extract_text() or ""
            parts.append(page_text)
            length += len(page_text)
            if length > MAX_CLASSIFY_CHARS:
                break
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on malformed input; each is "not read"
        reason = str(exc).strip().splitlines()
        return f"{name}: a PDF that could not be read ({type(exc).__name__}{': ' + reason[0][:200] if reason else ''}); not read"
    text = "\n".join(parts)
    if not text.strip():
        return f"{name}: a PDF without extractable text (a scanned image?), which licscan cannot read; not read"
    truncated = length > MAX_CLASSIFY_CHARS or count > MAX_PDF_PAGES
    return text, truncated


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def unread_problems(files: Iterable[EvidenceFile]) -> list[str]:
    """A license file larger than licscan classifies: what follows the classified part is unread."""
    return [
        f"{f.name}: only the first {MAX_CLASSIFY_CHARS:,} characters of {f.size:,} bytes were classified; the rest is unread"
        for f in files if f.truncated and f.role != "card"
    ]
