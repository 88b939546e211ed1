"""The disk cache of the reference tokens.

Tokens and the spans of their copyright lines (finding those reads every text again), as JSON: the
3-gram hashes cannot be kept (Python salts str hashes per process) and rebuilding them and the index
from the tokens is quick. Never required: a missing, unreadable,
corrupt or stale file is rebuilt, a cache directory that cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sys
import zlib
from array import array
from dataclasses import dataclass
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


def cache_key(kb: KnowledgeBase) -> str:
    """Everything the tokens depend on: the knowledge base (rules and each text file's size and
    modification time), the code that tokenises and cuts the references (this package and
    normalize.py and html_text.py, by content), the Python version (Unicode tables) and the installed BeautifulSoup
    (renders HTML texts)."""
    from importlib.util import find_spec

    from .. import normalize

    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")

    # sys.maxsize: hash() of an int tuple (the 3-gram keys the index file holds) differs on 32-bit builds
    add(SETTINGS.cache_format, sys.version, sys.maxsize, kb.version, str(kb.texts_dir))
    for rule in kb.rules:
        add(rule.id, rule.kind, rule.texts, rule.use_policies)
        for name in rule.texts:
            stat = kb.text_path(name).stat()
            add(name, stat.st_size, stat.st_mtime_ns)
    for module_file in (*sorted(Path(__file__).parent.glob("*.py")), Path(normalize.__file__),
                        Path(normalize.__file__).with_name("html_text.py")):   # not imported: it imports html.parser
        digest.update(module_file.read_bytes())
    spec = find_spec("bs4")
    if spec is not None and spec.origin:
        stat = Path(spec.origin).stat()
        add("bs4", spec.origin, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


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
        data = marshal.loads(index_path(folder, key).read_bytes())
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
