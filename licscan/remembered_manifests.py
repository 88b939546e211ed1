"""Large manifests remembered as parsed, by their text: a warm check of a 1,000-checkpoint ``models.lock`` spent
~15 % of its time composing and validating the same YAML again (~10,000 nodes).

A parsed manifest is a function of its text, the name it is shown by (messages), the folder it is in (local paths),
licscan's code (every module, by content), Python (its Unicode tables) and PyYAML with its libyaml: the key is a
digest of all of them, so an edit to any is another key and the text is parsed again. Only a manifest that parsed
is remembered; one with an error is parsed, and reported, every time. A small manifest is always parsed (it costs
less than the look-up). marshal, not pickle, in licscan's cache folder (cache_dir: this user's alone); the last few
manifests are kept.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from .cache_dir import read_remembered, reference_cache_dir, write_atomically
from .model import LockedFile, LockRecord, Manifest, ManifestEntry, Project
from .remembered_keys import code_digest

_FORMAT = 1
MIN_CHARS = 32 * 1024    # ~100 entries with their lock records: composing those takes ~10 ms
KEEP = 4                 # manifests remembered

_PROJECT = tuple(f.name for f in fields(Project))
_ENTRY = tuple(f.name for f in fields(ManifestEntry))
_LOCK = tuple(f.name for f in fields(LockRecord))
_LOCKED_FILE = tuple(f.name for f in fields(LockedFile))
_LOCK_FILES = _LOCK.index("files")
_ENTRY_LOCK = _ENTRY.index("lock")


def field_values(record: object, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in names)


def lock_row(lock: LockRecord) -> tuple[Any, ...]:
    """A lock record as plain values (marshal's), its files too: what remembered_snapshots keys an entry's lock by."""
    row = field_values(lock, _LOCK)
    return (*row[:_LOCK_FILES], tuple(field_values(f, _LOCKED_FILE) for f in lock.files), *row[_LOCK_FILES + 1:])


def _row(manifest: Manifest) -> tuple[Any, ...]:
    entries = []
    for entry in manifest.entries:
        row = field_values(entry, _ENTRY)
        lock = None if entry.lock is None else lock_row(entry.lock)
        entries.append((*row[:_ENTRY_LOCK], lock, *row[_ENTRY_LOCK + 1:]))
    return manifest.path, field_values(manifest.project, _PROJECT), tuple(entries), manifest.base_dir


def _manifest(row: tuple[Any, ...]) -> Manifest:
    path, project, entries, base_dir = row
    built = []
    for entry in entries:
        lock = entry[_ENTRY_LOCK]
        if lock is not None:
            files = tuple(LockedFile(*item) for item in lock[_LOCK_FILES])
            lock = LockRecord(**dict(zip(_LOCK, (*lock[:_LOCK_FILES], files, *lock[_LOCK_FILES + 1:]), strict=True)))
        built.append(ManifestEntry(**dict(zip(_ENTRY, (*entry[:_ENTRY_LOCK], lock, *entry[_ENTRY_LOCK + 1:]), strict=True))))
    return Manifest(path=path, project=Project(**dict(zip(_PROJECT, project, strict=True))), entries=tuple(built), base_dir=base_dir)


def _libyaml_version() -> str:
    """libyaml's version where PyYAML parses with it (yamlnodes), else "none"."""
    if not getattr(yaml, "__with_libyaml__", False):
        return "none"
    from yaml import _yaml

    return str(_yaml.get_version_string())


def parsed(text: str, shown: str, path: Path, parse: Callable[[], Manifest]) -> Manifest:
    """``parse()``'s manifest for ``text`` (read from ``path``, shown as ``shown``): remembered when it is large."""
    folder = reference_cache_dir() if len(text) >= MIN_CHARS else None
    if folder is None:
        return parse()
    digest = hashlib.sha256()
    for part in (str(_FORMAT), code_digest(), sys.version, yaml.__version__, _libyaml_version(), shown, str(path.parent), text):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    key = digest.hexdigest()
    remembered = folder / f"manifest-{key[:32]}.marshal"
    row = read_remembered(remembered, _FORMAT, key)
    if row is not None:
        try:
            return _manifest(row)
        except (ValueError, TypeError, IndexError):   # damaged: parsed again
            pass
    manifest = parse()
    try:
        content = marshal.dumps((_FORMAT, key, _row(manifest)))
    except ValueError:   # a value marshal cannot hold: not remembered
        return manifest
    write_atomically(folder, remembered, content, keep=KEEP)
    return manifest
