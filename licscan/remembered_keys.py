"""What every answer licscan remembers between runs rests on: licscan's code (every module, by content), the
libraries that read texts (bs4, rapidfuzz, PyYAML, the license catalog: where installed and when), the Python version
and the knowledge base (``cache_key``); and an evidence record's digest (``evidence_digest``), by which a remembered
classification or reading of that evidence is found. Shared by the remembered classifications and base ids
(classification_cache), the evidence read from cached commits (sources/remembered_snapshots) and the parsed
manifests (remembered_manifests); below all of them, so a source never imports the classifier's cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import weakref
from dataclasses import fields, is_dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from .model import Evidence, ManifestEntry
from .rules import KnowledgeBase, parsed_key

_FORMAT = 1
# the libraries that read texts: bs4 (HTML), rapidfuzz (matching), PyYAML (cards, rules), the license catalog, pypdfium2
# and its PDFium (a PDF's text, in the evidence the remembered snapshots keep)
_LIBRARIES = ("bs4", "rapidfuzz", "yaml", "licensedcode", "pypdfium2", "pypdfium2_raw")
_code_hash: str | None = None


def code_digest() -> str:
    """Every module of the licscan package, by content: any edit to how evidence is read is a new key."""
    global _code_hash
    if _code_hash is None:
        digest = hashlib.sha256()
        package = os.path.dirname(os.path.abspath(__file__))
        found: list[tuple[tuple[str, ...], str]] = []   # (the path's parts under the package, the path)
        # scandir and open, not pathlib's rglob and read_bytes: this runs in every check that classifies
        folders: list[tuple[tuple[str, ...], str]] = [((), package)]
        while folders:
            parts, folder = folders.pop()
            for entry in os.scandir(folder):
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(((*parts, entry.name), entry.path))
                elif entry.name.endswith(".py") and entry.is_file():
                    found.append(((*parts, entry.name), entry.path))
        for parts, path in sorted(found):
            digest.update("/".join(parts).encode())
            with open(path, "rb") as source:
                digest.update(source.read())
        _code_hash = digest.hexdigest()
    return _code_hash


def _libraries() -> list[object]:
    found: list[object] = []
    for name in _LIBRARIES:
        spec = find_spec(name)
        for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
            stat = Path(folder).stat()
            found.append((name, folder, stat.st_size, stat.st_mtime_ns))
            data = Path(folder) / "data" / "licenses"    # the catalog's texts (licensedcode-data)
            if name == "licensedcode" and data.is_dir():
                stat = data.stat()
                found.append((str(data), stat.st_mtime_ns))
    return found


_KEYS: dict[int, tuple[KnowledgeBase, str]] = {}   # by id(); the knowledge base is kept, so the id is its own


def cache_key(kb: KnowledgeBase) -> str:
    """What every remembered answer for ``kb`` rests on beside its evidence (computed once a process: the remembered
    classifications and snapshots share it)."""
    known = _KEYS.get(id(kb))
    if known is not None and known[0] is kb:
        return known[1]
    key = _cache_key(kb)
    _KEYS[id(kb)] = (kb, key)
    for oldest in list(_KEYS)[:-8]:    # a run uses one or two (licscan's, a project's rules); tests make many
        _KEYS.pop(oldest, None)
    return key


def _cache_key(kb: KnowledgeBase) -> str:
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")

    add(_FORMAT, sys.version, sys.maxsize, code_digest(), _libraries())
    add(kb.version, kb.with_catalog, str(kb.texts_dir), kb.text_dirs)
    parsed = parsed_key(kb.rules)   # the rules as parsed from their files: that parse's key says what they are
    if parsed is not None:
        add("parsed", parsed)
    for rule in kb.rules:
        if parsed is None:
            add(rule)
        for name in rule.texts:
            stat = kb.text_path(name).stat()
            add(name, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


def evidence_digest(evidence: Evidence) -> bytes:
    """The whole record, every field of every record in it (a field added later is covered too) but the manifest
    line of its entry (which no reading of the evidence uses: an entry added above it is no reason to classify it
    again), each value typed and length-prefixed, so no two different records feed the digest the same bytes.
    Kept for the last records digested (and those ``remember_digest`` was told of): a check digests each record
    for the classification it looks up, for its base ids and when it stores the answer."""
    recent = _RECENT.get(id(evidence))
    if recent is not None and recent[0]() is evidence:
        return recent[1]
    digest = hashlib.sha256()
    _feed(digest.update, evidence)
    found = digest.digest()
    remember_digest(evidence, found)
    return found


def remember_digest(evidence: Evidence, digest: bytes) -> None:
    """``digest`` is ``evidence``'s (sources/remembered_snapshots: evidence rebuilt as it was when its digest was taken).
    Kept while the record lives (a weak reference: a long process, a test run, keeps no record for it) and for at
    most the last _RECENT_DIGESTS records."""
    key = id(evidence)

    def forget(reference: weakref.ref[Evidence]) -> None:
        # called as the record is freed, before its id can be another's; no lock: the collector may run this in
        # a thread that holds it (a dict's pop is atomic)
        if _RECENT.get(key, (None,))[0] is reference:
            _RECENT.pop(key, None)

    with _RECENT_LOCK:
        _RECENT.pop(key, None)
        _RECENT[key] = (weakref.ref(evidence, forget), digest)
        if len(_RECENT) > _RECENT_DIGESTS:
            # list() of the keys in one step: a record freed in another thread may pop its entry meanwhile
            for oldest in list(_RECENT)[: len(_RECENT) - _RECENT_DIGESTS]:
                _RECENT.pop(oldest, None)


_RECENT_DIGESTS = 4096
_RECENT: dict[int, tuple[weakref.ref[Evidence], bytes]] = {}   # by id()
_RECENT_LOCK = threading.Lock()
# the fields a digest reads of each kind of record; an entry's line is where the manifest lists it, not evidence
_RECORD_FIELDS: dict[type, tuple[str, ...]] = {ManifestEntry: tuple(f.name for f in fields(ManifestEntry) if f.name != "line")}


def _feed(update: Any, value: Any) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data))
        update(data)
    elif kind is tuple:
        update(b"t%d(" % len(value))
        for item in value:
            _feed(update, item)
    elif value is None or kind is bool or kind is int or kind is float:
        update(repr(value).encode() + b";")
    elif is_dataclass(value) and not isinstance(value, type):
        names = _RECORD_FIELDS.get(kind)
        if names is None:
            names = _RECORD_FIELDS[kind] = tuple(f.name for f in fields(value))
        update(b"r" + kind.__qualname__.encode() + b"(")
        for name in names:
            _feed(update, getattr(value, name))
    else:   # nothing else is in an Evidence today; a repr still tells values apart
        data = f"{kind.__qualname__}:{value!r}".encode("utf-8", "surrogatepass")
        update(b"o%d:" % len(data))
        update(data)
