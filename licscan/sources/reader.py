"""Reading one evidence file from disk: bounded, regular files only, as text or as PDF.

Every source (a local folder, a download from the Hub, the Hub cache) hands its files to
``read_evidence_file``, so a file reads the same, and fails the same, whichever way it came.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..model import EvidenceFile
from ..normalize import MAX_CLASSIFY_CHARS, decode
from .common import role_for
from .pdf_texts import keep_text, kept_text

READ_LIMIT = MAX_CLASSIFY_CHARS * 4        # bytes of a text file kept for classification (1.6 MB)
MAX_PDF_PAGES = 1000                       # pages of a PDF whose text is extracted
_PDF_LIMITS = (MAX_CLASSIFY_CHARS, MAX_PDF_PAGES)   # a PDF's kept text depends on them (pdf_texts)
_CHUNK = 1 << 20
_PDFIUM = threading.Lock()   # PDFium allows one call at a time in a process (_pdf_text)

# Formats whose text licscan cannot extract: what they are, for the problem line.
UNREADABLE_FORMATS = {
    **dict.fromkeys((".doc", ".docx", ".dot", ".dotx"), "a Word document"),
    **dict.fromkeys((".odt", ".ott", ".pages", ".rtf", ".epub", ".xps", ".oxps", ".djvu"), "a word-processor document"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".heic", ".avif", ".ico"), "an image"),
}


# Text between "<!--" and "-->", or to the end when never closed: normalize.plain_text drops it, as the
# Hub's Markdown and a browser hide it.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_WORD = re.compile(r"[^\W_]")
# Shown as they are, not rendered (the Hub renders only Markdown and HTML): a comment's words are visible.
PLAIN_TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})


class TooLarge(Exception):
    """The file holds more bytes than the reader was allowed to read."""


def cannot_read(name: str, exc: OSError) -> str:
    """The problem of a file the operating system kept from being read (permissions, an I/O error, too many open
    files, a link whose blob went away): unlike the file's content, it may pass by the next run."""
    return f"{name}: {_CANNOT_READ} ({exc.strerror or exc})"


def is_read_failure(problem: str) -> bool:
    """Whether a problem is ``cannot_read``'s (what the next run may read), not one of the file itself."""
    return f": {_CANNOT_READ} (" in problem


_CANNOT_READ = "cannot read"


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
        return cannot_read(name, exc)
    with os.fdopen(fd, "rb") as handle:
        try:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return f"{name}: not a regular file ({_file_kind(mode)}); not read"
            digest, kept, size = _hash_bounded(handle, limit)
        except OSError as exc:
            return cannot_read(name, exc)
        suffix = _suffix(name).lower()
        if suffix in UNREADABLE_FORMATS:
            return f"{name}: {UNREADABLE_FORMATS[suffix]} ({suffix}), which licscan cannot read as text; not read"
        if suffix == ".pdf" or kept.startswith(b"%PDF-"):
            known = kept_text(digest, _PDF_LIMITS)
            if known is None:
                handle.seek(0)
                extracted = _pdf_text(handle, name)
                if isinstance(extracted, str):
                    return extracted   # the problem
                keep_text(digest, _PDF_LIMITS, *extracted)
                known = extracted
            text, truncated = known
        else:
            decoded, _encoding = decode(bytes(kept))
            if decoded is None:
                return f"{name}: binary file, not a license text; not read"
            text = decoded
            truncated = size > READ_LIMIT or len(text) > MAX_CLASSIFY_CHARS
    return EvidenceFile(name=name, sha256=digest, size=size, text=text, role=role_for(name), truncated=truncated)


def _suffix(name: str) -> str:
    """PurePosixPath(name).suffix, without building a path (a warm check reads ~3,000 files)."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:] if 0 < dot < len(base) - 1 else ""


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
    """(text, truncated), or the problem. Text is extracted with PDFium (pypdfium2), page by page,
    until MAX_CLASSIFY_CHARS characters or MAX_PDF_PAGES pages; more than that is marked truncated.

    PDFium is not thread-safe, not even across documents: every call into it, closing included, is
    made under one lock, and every object is closed here rather than left to the garbage collector
    (whose finalisers could run on another thread)."""
    import pypdfium2

    data = handle.read()
    parts: list[str] = []
    length = 0
    with _PDFIUM:
        document = None
        try:
            document = pypdfium2.PdfDocument(data)
            count = len(document)
            for number in range(min(count, MAX_PDF_PAGES)):
                page = document[number]
                try:
                    textpage = page.get_textpage()
                    try:
                        page_text = textpage.get_text_range()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                page_text = page_text.replace("\r\n", "\n").replace("\r", "\n")
                parts.append(page_text)
                length += len(page_text)
                if length > MAX_CLASSIFY_CHARS:
                    break
        except Exception as exc:  # noqa: BLE001 - a malformed PDF may raise more than PdfiumError; each is "not read"
            if isinstance(exc, pypdfium2.PdfiumError) and "password" in str(exc).lower():
                return f"{name}: an encrypted PDF, which licscan cannot read; not read"
            reason = str(exc).strip().splitlines()
            return f"{name}: a PDF that could not be read ({type(exc).__name__}{': ' + reason[0][:200] if reason else ''}); not read"
        finally:
            if document is not None:
                document.close()
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


def card_cut(card: EvidenceFile, body: str) -> str | None:
    """The problem when the card's body is not read whole: longer than MAX_CLASSIFY_CHARS characters
    (what the card strategies read of it), or the file is longer than the READ_LIMIT bytes kept. Real
    cards with 100-300 KB of evaluation tables fit; what follows a bigger table would be unread, and a
    restriction there ("non-commercial use only") must not pass silently. Not a larger bound: the card's
    sentences are each read for restrictions, lineage and license names (seconds per megabyte)."""
    if card.size > READ_LIMIT:
        return (f"{card.name}: a model card of {card.size:,} bytes; licscan reads the first {READ_LIMIT:,}, "
                "so the rest of the card is unread")
    if len(body) > MAX_CLASSIFY_CHARS:
        return (f"{card.name}: the card's text after its metadata is {len(body):,} characters; licscan reads "
                f"the first {MAX_CLASSIFY_CHARS:,}, so the rest of the card is unread")
    return None


def unread_problems(files: Iterable[EvidenceFile]) -> list[str]:
    """A license file larger than licscan classifies: what follows the classified part is unread. The
    card is judged by its body instead (``card_cut``): its front matter may be long and is read apart."""
    return [
        f"{f.name}: only the first {MAX_CLASSIFY_CHARS:,} characters of {f.size:,} bytes were classified; the rest is unread"
        for f in files if f.truncated and f.role != "card"
    ]


def hidden_problems(files: Iterable[EvidenceFile]) -> list[str]:
    """Words of a file that licscan, reading it as Markdown or HTML does, would not read: everything after
    a "<!--" that is never closed (rendered, the rest of the file disappears; the file still says it),
    and, in a plain-text file, the words inside a closed comment (a reader of LICENSE.txt sees them).
    A comment in a Markdown or HTML file that is closed hides what the author hid from every reader of
    the rendered page (a card's "<!-- Provide the license -->" template note); it is not a problem."""
    problems = []
    for file in files:
        if "<!--" not in file.text:
            continue
        plain = _suffix(file.name).lower() in PLAIN_TEXT_SUFFIXES
        for comment in _COMMENT.finditer(file.text):
            closed = comment.group().endswith("-->") and comment.end() - comment.start() >= 7
            if not _WORD.search(comment.group()[4:]) or (closed and not plain):
                continue
            line = file.text.count("\n", 0, comment.start()) + 1
            if closed:
                problems.append(f"{file.name}: line {line}: a plain-text file with words inside '<!-- -->', which licscan "
                                "reads as a hidden comment, so they are unread")
            else:
                problems.append(f"{file.name}: line {line}: '<!--' is never closed, so the rest of the file "
                                f"({len(comment.group()) - 4:,} characters) is hidden when rendered and unread")
            break
    return problems
