"""The disk cache of the reference tokens.

Tokens and the spans of their copyright lines (finding those reads every text again), as JSON: the
3-gram hashes cannot be kept (Python salts str hashes per process) and rebuilding them and the index
from the tokens is quick. Never required: a missing, unreadable,
corrupt or stale file is rebuilt, a cache directory that cannot be written is ignored.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import shutil
import sys
import threading
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, count
from pathlib import Path

from ..cache_dir import reference_cache_dir as reference_cache_dir  # re-exported: index.py and the package read it here
from ..cache_dir import write_atomically
from ..rules import KnowledgeBase
from .records import Reference, ReferenceText, Span, StoredReference
from .settings import SETTINGS


@dataclass(frozen=True)   # not a NamedTuple: its field `index` would hide tuple.index
class BuiltIndex:
    """What index.ReferenceIndex derives from the reference tokens: word ids, references with their
    3-grams, samples and replaceable spans, and the posting lists of the sampled 3-grams."""

    word_ids: dict[str, int]
    references: list[Reference]
    index: dict[int, list[int]]
    copies: dict[int, frozenset[bytes]]   # copies.digests_by_length of the references' tokens
    key: str | None = None                # the cache key it is stored under, and where (None: not stored)
    folder: Path | None = None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a file's many small objects (tuples, ints) are loaded:
    they hold no cycles, and the collections their allocation sets off walk the whole heap (loading
    one of the catalog's posting lists took 3.5 ms with it off, 9 to 40 ms with it on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_key(kb: KnowledgeBase) -> str:
    """Everything the tokens depend on: the knowledge base (rules and each text file's size and
    modification time) and the code that tokenises and cuts the references (``code_key``)."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")

    add(code_key(), kb.version, str(kb.texts_dir))
    for rule in kb.rules:
        add(rule.id, rule.kind, rule.texts, rule.use_policies)
        for name in rule.texts:
            stat = kb.text_path(name).stat()
            add(name, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_key() -> str:
    """What a text's tokens and spans depend on besides the text: the code (this package,
    normalize.py and html_text.py, by content), the Python version (Unicode tables) and the installed
    BeautifulSoup (renders HTML texts)."""
    from importlib.util import find_spec

    from .. import normalize

    digest = hashlib.sha256()
    # sys.maxsize: hash() of an int tuple (the 3-gram keys the index file holds) differs on 32-bit builds
    digest.update(repr((SETTINGS.cache_format, sys.version, sys.maxsize)).encode())
    for module_file in (*sorted(Path(__file__).parent.glob("*.py")), Path(normalize.__file__),
                        Path(normalize.__file__).with_name("html_text.py")):   # not imported: it imports html.parser
        digest.update(module_file.read_bytes())
    spec = find_spec("bs4")
    if spec is not None and spec.origin:
        stat = Path(spec.origin).stat()
        digest.update(repr(("bs4", spec.origin, stat.st_size, stat.st_mtime_ns)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class PreparedTexts:
    """The tokens, copyright-line spans and benign spans of texts that never change once written (the
    license catalog's, under its folder), one small file per text (by its content) in a folder per
    ``code_key``: a matcher built on a few of them (cache=False) then tokenises and reads only the
    texts it has not met in an earlier run, and a run reads only the files of the texts it meets.
    Never required, like every cache: a missing or damaged file is prepared again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._texts: dict[bytes, ReferenceText] = {}
        self._lock = threading.Lock()

    def _home(self) -> Path:
        return self.folder / f"prepared-{code_key()[:32]}"

    def get(self, raw: str) -> ReferenceText | None:
        """The prepared text of this content (rule id and file left empty), if kept."""
        digest = _content_digest(raw)
        with self._lock:
            found = self._texts.get(digest)
        if found is None:
            try:
                found = _checked(marshal.loads((self._home() / f"{digest.hex()}.marshal").read_bytes()))
            except (OSError, ValueError, TypeError, EOFError):
                return None
            if found is not None:
                with self._lock:
                    self._texts[digest] = found
        return found

    def add(self, raw: str, prepared: ReferenceText) -> None:
        digest = _content_digest(raw)
        kept = prepared._replace(rule_id="", text_file="")
        with self._lock:
            self._texts[digest] = kept
        home = self._home()
        if not home.is_dir():   # new code: of the older folders only the newest stays (another install's)
            older = sorted(self.folder.glob("prepared-*"), key=lambda path: path.stat().st_mtime, reverse=True)
            for old in older[1:]:
                shutil.rmtree(old, ignore_errors=True)
        write_atomically(home, home / f"{digest.hex()}.marshal", marshal.dumps((_PREPARED_FORMAT, *kept[2:])))


_PREPARED_FORMAT = 1


def _content_digest(raw: str) -> bytes:
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _checked(row: object) -> ReferenceText | None:
    """A file of PreparedTexts as a ReferenceText, or None when it is not one."""
    if type(row) is not tuple or len(row) != 5 or row[0] != _PREPARED_FORMAT:
        return None
    _, kind, words, notices, benign = row
    if not (type(kind) is str and type(words) is tuple and set(map(type, words)) <= {str}
            and type(notices) is tuple and type(benign) is tuple):
        return None
    if not all(type(span) is tuple and len(span) == 2 and type(span[0]) is int and type(span[1]) is int
               and 0 <= span[0] < span[1] <= len(words) for span in notices):
        return None
    if not all(type(span) is tuple and len(span) == 3 and type(span[0]) is str and type(span[1]) is int
               and type(span[2]) is int and 0 <= span[1] < span[2] <= len(words) for span in benign):
        return None
    return ReferenceText("", "", kind, words, notices, benign)


def cache_path(folder: Path, key: str) -> Path:
    return folder / f"references-{key[:32]}.json"


def read_cache(path: Path, key: str) -> list[ReferenceText] | None:
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != SETTINGS.cache_format or data.get("key") != key:
            return None
        out = []
        for rule_id, name, kind, joined, notices, benign in data["references"]:
            if not all(isinstance(x, str) for x in (rule_id, name, kind, joined)):
                return None
            words = tuple(joined.split(" ")) if joined else ()
            spans = tuple((start, end) for start, end in notices)
            if not all(type(start) is int and type(end) is int and 0 <= start < end <= len(words) for start, end in spans):
                return None
            passages = tuple((kind_of, start, end) for kind_of, start, end in benign)
            if not all(isinstance(kind_of, str) and type(start) is int and type(end) is int and 0 <= start < end <= len(words)
                       for kind_of, start, end in passages):
                return None
            out.append(ReferenceText(rule_id, name, kind, words, spans, passages))
        return out
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_cache(folder: Path, path: Path, key: str, references: list[ReferenceText]) -> None:
    """Atomically (a temporary file renamed into place); keeps the four newest cache files."""
    payload = {
        "format": SETTINGS.cache_format,
        "key": key,
        # Tokens never contain a space (normalize._TOKEN), so a space-joined string holds them exactly.
        "references": [[ref.rule_id, ref.text_file, ref.kind, " ".join(ref.tokens), ref.notices, ref.benign]
                       for ref in references],
    }
    write_atomically(folder, path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


# The built index, beside the tokens file it was derived from: rebuilding the 3-grams, samples and
# posting lists from the tokens costs ~3x reading them (~250 ms for 166 texts), marshal loads them in
# a few ms. marshal, not pickle: loading a file from the cache directory can build data, never run code.
# Each reference's words are kept as positions in one vocabulary and its sample as packed keys, all in
# native arrays (bytes): marshal copies those, and StoredReference unpacks the few a run aligns.
# 4: the digests of the references' token sequences (copies.py).
_INDEX_FORMAT = 4
_WORD_TYPECODES = ("H", "I")   # a word's position: 2 bytes while the vocabulary allows, else 4


def index_path(folder: Path, key: str) -> Path:
    return folder / f"index-{key[:32]}.marshal"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_index(folder: Path, tokens_path: Path, key: str) -> BuiltIndex | None:
    """The built index, if its file is intact, of this key and derived from the tokens file as it is
    now (a tokens file rewritten or removed makes it stale); None otherwise."""
    tokens_digest = _digest(tokens_path)
    if tokens_digest is None:
        return None
    try:
        raw = index_path(folder, key).read_bytes()
        with collector_paused():
            data = marshal.loads(raw)
        if (not isinstance(data, tuple) or len(data) != 7 or data[:4] != (_INDEX_FORMAT, SETTINGS.cache_format, key, tokens_digest)):
            return None
        copies = data[6]
        if not (type(copies) is dict and set(map(type, copies)) <= {int}
                and all(type(digests) is frozenset and set(map(type, digests)) <= {bytes} for digests in copies.values())):
            return None
        word_ids, vocabulary, typecode, words, words_check, rows = data[4]
        # the words' positions are checked by a checksum of what write_index wrote (in C: ~0.1 ms), not
        # one by one (~6 ms); everything else as it is loaded
        if not (isinstance(vocabulary, tuple) and set(map(type, vocabulary)) <= {str} and typecode in _WORD_TYPECODES
                and type(words) is bytes and zlib.crc32(words) == words_check):
            return None
        words_view, offset, width = memoryview(words), 0, array(typecode).itemsize
        references: list[StoredReference] = []
        for rule_id, name, word_count, shingles, sampled, kind, spans, notices, benign in rows:
            references.append(StoredReference.unpacked_later(
                rule_id, name, vocabulary, typecode, words_view[offset: offset + word_count * width], shingles, sampled, kind,
                tuple(Span(start, end, max_words, generic, optional) for start, end, max_words, generic, optional in spans),
                notices, benign))
            offset += word_count * width
        postings = data[5]
        positions = list(chain.from_iterable(postings.values())) if isinstance(postings, dict) else [-1]
        if not (isinstance(word_ids, dict) and set(map(type, positions)) <= {int}   # in C: ~30,000 positions
                and min(positions, default=0) >= 0 and max(positions, default=0) < len(references) and offset == len(words)
                and all(type(ref.packed_shingles) is bytes and len(ref.packed_shingles) % 8 == 0
                        and type(ref._packed_sample) is bytes and len(ref._packed_sample) % 8 == 0 for ref in references)):
            return None
        read: list[Reference] = list(references)
        return BuiltIndex(word_ids, read, postings, copies, key, folder)
    except (OSError, ValueError, TypeError, EOFError):
        return None


def write_index(folder: Path, tokens_path: Path, key: str, built: BuiltIndex) -> None:
    tokens_digest = _digest(tokens_path)
    if tokens_digest is None:   # no tokens file (the cache directory is not writable)
        return
    vocabulary = list(built.word_ids)   # every reference word (index._prepare); any other is added after them
    vocabulary += sorted(set(chain.from_iterable(ref.tokens for ref in built.references)).difference(built.word_ids))
    position = dict(zip(vocabulary, count()))
    typecode = _WORD_TYPECODES[0] if len(vocabulary) <= 1 << 16 else _WORD_TYPECODES[1]
    words = array(typecode, map(position.__getitem__, chain.from_iterable(ref.tokens for ref in built.references))).tobytes()
    rows = [
        (ref.rule_id, ref.text_file, len(ref.tokens), ref.packed_shingles, array("q", ref.sample).tobytes(), ref.kind,
         tuple((span.start, span.end, span.max_words, span.generic, span.optional) for span in ref.replaceable),
         ref.notices, ref.benign)
        for ref in built.references
    ]
    # interned: marshal then writes each distinct word once and loads them as shared strings
    payload = (_INDEX_FORMAT, SETTINGS.cache_format, key, tokens_digest,
               (built.word_ids, tuple(map(sys.intern, vocabulary)), typecode, words, zlib.crc32(words), rows), built.index,
               built.copies)
    write_atomically(folder, index_path(folder, key), marshal.dumps(payload))
