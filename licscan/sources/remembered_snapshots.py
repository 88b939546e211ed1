"""Evidence read from huggingface_hub's cache, remembered between offline runs by the files' status, as git's
index remembers a work tree: a warm ``licscan check --offline`` of 1,000 unchanged checkpoints then lists each
cached commit (which it must do to know its files) but reads, hashes and parses none of them again (~40 % of the run).

What an offline fetch reads is a function of the checkpoint's manifest entry (its repo id, revision and lock
record: which files the lock expects), the knowledge base (which names are collected), licscan's code, and the
bytes of the collected files in the snapshot folder, and of nothing else: collect() reads the checkpoint only
through the listing and its fetch. So the evidence is reused only when the entry (all but its line) and the
snapshot folder are the same, and every collected file there has the same name and the same status as when it was
read: size, modification and change times in nanoseconds, inode and device (``os.stat`` of what the link points to,
the blob). Anything written to a file changes its change time, which no user can set back; a file added or removed
changes the listing; a link pointed at another blob changes the inode. (On Windows ``st_ctime`` is the creation
time, which a rewrite in place does not change: nothing is remembered there.) A file the system kept from being
read (an I/O error, too many open files: reader.cannot_read) may be read by the next run: evidence with such a
problem is not remembered. A file changed within ``RACY_SECONDS`` of being read could change again in the same
clock tick with the same status (git's "racily clean" entries), so evidence whose files changed that recently is
not remembered. The file key covers the knowledge base and licscan's code (remembered_keys.cache_key); the cache
folder is the classifications' (cache_dir: this user's alone).

Beside each evidence its digest (remembered_keys.evidence_digest: what its remembered classification is found
by), taken when it was read: the evidence rebuilt from the row is equal to it, field by field (tests).

The remembered evidence is in shards by repo id, each its own file, so a check of three checkpoints reads three
small files, not every checkpoint ever checked. marshal, not pickle: a file in the cache can only build data.
"""

from __future__ import annotations

import marshal
import os
import threading
import time
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..cache_dir import read_remembered, reference_cache_dir, write_atomically
from ..model import CardMetadata, ConfigLineage, Evidence, EvidenceFile, ManifestEntry
from ..remembered_keys import cache_key, evidence_digest, remember_digest
from ..remembered_manifests import field_values, lock_row
from ..rules import KnowledgeBase
from .reader import is_read_failure

_FORMAT = 1
SHARDS = 32
# ~8,000 checkpoints in all, the ones read longest ago dropped first: a shard of the 1,000-checkpoint benchmark's
# (31 checkpoints, 141 licenses' texts among them) is ~0.4 MB, a shard at the limit of such checkpoints ~3 MB
MAX_PER_SHARD = 250
RACY_SECONDS = 2.0

# A collected file's status: (size, mtime_ns, ctime_ns, inode, device), or None when it could not be read.
Stamp = tuple[int, int, int, int, int] | None
Signature = tuple[tuple[str, Stamp], ...]


def stamp(status: os.stat_result) -> Stamp:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


_EVIDENCE = tuple(f.name for f in fields(Evidence) if f.name != "entry")
_CARD = tuple(f.name for f in fields(CardMetadata))
_FILE = tuple(f.name for f in fields(EvidenceFile))
_LINEAGE = tuple(f.name for f in fields(ConfigLineage))


def _entry_key(entry: ManifestEntry, snapshot: str) -> tuple[Any, ...]:
    """Everything of the entry an offline fetch may read (all but its line), and where the snapshot is."""
    return (entry.ref, entry.kind, entry.revision, snapshot, None if entry.lock is None else lock_row(entry.lock))


def _shard_number(ref: str) -> int:
    return zlib.crc32(ref.encode("utf-8", "surrogatepass")) % SHARDS


def _row(evidence: Evidence) -> tuple[Any, ...]:
    row = []
    for name in _EVIDENCE:
        value = getattr(evidence, name)
        if name == "card":
            value = field_values(value, _CARD)
        elif name == "files":
            value = tuple(field_values(item, _FILE) for item in value)
        elif name == "config_lineage":
            value = tuple(field_values(item, _LINEAGE) for item in value)
        row.append(value)
    return tuple(row)


def _evidence(entry: ManifestEntry, row: tuple[Any, ...]) -> Evidence:
    values = dict(zip(_EVIDENCE, row, strict=True))
    values["card"] = CardMetadata(*values["card"])
    values["files"] = tuple(EvidenceFile(*item) for item in values["files"])
    values["config_lineage"] = tuple(ConfigLineage(*item) for item in values["config_lineage"])
    return Evidence(entry=entry, **values)


class RememberedSnapshots:
    """Offline evidence by entry, snapshot folder and the collected files' status; ``save`` writes what was added."""

    def __init__(self, kb: KnowledgeBase | None):
        self.kb = kb
        # Windows' st_ctime is the creation time: a file rewritten in place with its old modification time put back
        # would keep its status there, so nothing is remembered on Windows
        self._folder = reference_cache_dir() if kb is not None and os.name != "nt" else None
        self._key: str | None = None
        self._shards: dict[int, dict[tuple[Any, ...], tuple[Signature, tuple[Any, ...], bytes]]] = {}
        self._added: set[int] = set()
        self._lock = threading.Lock()

    def _path(self, shard: int) -> Path | None:
        if self._folder is None:
            return None
        if self._key is None and self.kb is not None:
            self._key = cache_key(self.kb)
        if self._key is None:
            return None
        # one name prefix per shard: write_atomically keeps the newest few files of each prefix (other keys)
        return self._folder / f"snapshots{shard:02d}-{self._key[:32]}.marshal"

    def _shard(self, ref: str) -> dict[tuple[Any, ...], tuple[Signature, tuple[Any, ...], bytes]]:
        number = _shard_number(ref)
        rows = self._shards.get(number)
        if rows is None:
            path = self._path(number)
            stored = read_remembered(path, _FORMAT, self._key, _EVIDENCE) if path is not None else None
            # a damaged file's rows of another shape are dropped (read again), never a crash
            rows = {key: row for key, row in stored.items() if isinstance(row, tuple) and len(row) == 3 and isinstance(row[0], tuple)
                    and isinstance(row[1], tuple) and isinstance(row[2], bytes)} if isinstance(stored, dict) else {}
            self._shards[number] = rows
        return rows

    def evidence(self, entry: ManifestEntry, snapshot: str, signature: Signature) -> Evidence | None:
        """The evidence read before from these very files, or None."""
        if self._folder is None:
            return None
        with self._lock:
            found = self._shard(entry.ref).get(_entry_key(entry, snapshot))
        if found is None or found[0] != signature:
            return None
        try:
            evidence = _evidence(entry, found[1])
        except (TypeError, ValueError):   # a row of another shape: read the files again
            return None
        remember_digest(evidence, found[2])
        return evidence

    def remember(self, entry: ManifestEntry, snapshot: str, signature: Signature, evidence: Evidence) -> None:
        """Keep ``evidence``, read from the files ``signature`` describes, unless one of them changed too recently
        to tell a later change apart, or could not be stat'ed (nothing describes its content), or the system kept
        one from being read (reader.cannot_read: the next run may read it, and what it says)."""
        if self._folder is None:
            return
        recent = time.time_ns() - int(RACY_SECONDS * 1e9)
        if any(status is None or status[1] >= recent or status[2] >= recent for _, status in signature):
            return
        if any(is_read_failure(problem) for problem in evidence.problems):
            return
        row = _row(evidence)
        number = _shard_number(entry.ref)
        with self._lock:
            rows = self._shard(entry.ref)
            key = _entry_key(entry, snapshot)
            rows.pop(key, None)     # last in, last out
            rows[key] = (signature, row, evidence_digest(evidence))
            self._added.add(number)

    def save(self) -> None:
        """Write each shard something was added to (atomically; the oldest beyond MAX_PER_SHARD dropped). A text
        many checkpoints share (a license) is written once: marshal writes an object met twice as a reference."""
        with self._lock:
            added, self._added = self._added, set()
            for number in sorted(added):
                path = self._path(number)
                if path is None or self._folder is None:
                    return
                rows = self._shards[number]
                if len(rows) > MAX_PER_SHARD:
                    rows = dict(list(rows.items())[-MAX_PER_SHARD:])
                texts: dict[str, str] = {}
                shared = {key: (signature, _shared_texts(row, texts), digest) for key, (signature, row, digest) in rows.items()}
                try:
                    content = marshal.dumps((_FORMAT, self._key, _EVIDENCE, shared))
                except ValueError:   # a value marshal cannot hold (no field of an Evidence has one today): that row left out
                    shared = {key: row for key, row in shared.items() if _marshals(key, row)}
                    content = marshal.dumps((_FORMAT, self._key, _EVIDENCE, shared))
                # two generations of a shard's file (another key: licscan or its rules changed) kept at most
                write_atomically(self._folder, path, content, keep=2)


def _marshals(*values: Any) -> bool:
    try:
        marshal.dumps(values)
    except ValueError:
        return False
    return True


_FILES = _EVIDENCE.index("files")
_TEXT = _FILE.index("text")


def _shared_texts(row: tuple[Any, ...], texts: dict[str, str]) -> tuple[Any, ...]:
    """The row with each file's text replaced by the first equal text met (the same object)."""
    files = tuple((*item[:_TEXT], texts.setdefault(item[_TEXT], item[_TEXT]), *item[_TEXT + 1:]) for item in row[_FILES])
    return (*row[:_FILES], files, *row[_FILES + 1:])
