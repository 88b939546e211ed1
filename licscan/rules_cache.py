"""The parsed rule files, cached on disk: composing ~200 YAML files node by node costs ~90 ms on every
run; loading them back from one marshal file costs a few.

A cached file is only ever used for exactly the inputs it was parsed from: its name and its contents
carry a key over every byte the parse read or checked (the rule files, the categories and card-word
files, SOURCES.tsv, which reference texts exist), the code that parses them (licscan's, and where and
when PyYAML was installed) and the licscan version.
A rule file edited, added or removed, or a text removed, is a different key: the rules are parsed again
(and a broken rule then fails at its line, as without a cache). marshal, not pickle: a file in the
cache directory can only ever build data, never run code.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from . import __version__
from .cache_dir import read_remembered, reference_cache_dir, write_atomically
from .rule_file import LicenseRule, Replaceable, Term, Threshold

_FORMAT = 1
# The fields of LicenseRule that hold records; every other field is a str or a tuple of str.
_NESTED: dict[str, type] = {"thresholds": Threshold, "obligations": Term, "restrictions": Term, "replaceable": Replaceable}
_RULE_FIELDS = tuple(f.name for f in fields(LicenseRule))
# The code a cached parse depends on: the parser, the YAML reader under it, and this file's format.
_PARSER_FILES = ("rule_file.py", "rules.py", "rules_cache.py", "yamlnodes.py", "boundedread.py",
                 "normalize.py")   # a project text is read as the matcher reads it (rule_file._words)


class KeyMaker:
    """A digest of everything one parse depends on, fed as it is read."""

    def __init__(self, *parts: object):
        self._digest = hashlib.sha256()
        self.add(_FORMAT, __version__, sys.version, _parser_digest(), _yaml_installed(), *parts)

    def add(self, *parts: object) -> None:
        self._digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        self._digest.update(b"\x00")

    def add_bytes(self, data: bytes) -> None:
        self._digest.update(len(data).to_bytes(8, "little"))
        self._digest.update(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


_parser_hash: str | None = None


def _parser_digest() -> str:
    global _parser_hash
    if _parser_hash is None:
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent
        for name in _PARSER_FILES:
            digest.update((package / name).read_bytes())
        _parser_hash = digest.hexdigest()
    return _parser_hash


def _yaml_installed() -> tuple[object, ...]:
    """Where PyYAML is installed and when (an upgrade could compose a document differently)."""
    import yaml

    folder = Path(yaml.__file__).parent
    stat = folder.stat()
    return str(folder), stat.st_mtime_ns, getattr(yaml, "__version__", "")


def _path(folder: Path, key: str) -> Path:
    return folder / f"knowledge-{key[:32]}.marshal"


def _plain(rule: LicenseRule) -> tuple[Any, ...]:
    row = []
    for name in _RULE_FIELDS:
        value = getattr(rule, name)
        if name in _NESTED:
            value = tuple(tuple(getattr(item, f.name) for f in fields(item)) for item in value)
        row.append(value)
    return tuple(row)


def _rule(row: tuple[Any, ...]) -> LicenseRule:
    values = dict(zip(_RULE_FIELDS, row, strict=True))
    for name, record in _NESTED.items():
        values[name] = tuple(record(*item) for item in values[name])
    return LicenseRule(**values)


def read(key: str) -> tuple[LicenseRule, ...] | None:
    """The rules parsed for this key, or None (no cache, no file, another key, unreadable, corrupt)."""
    folder = reference_cache_dir()
    if folder is None:
        return None
    rows = read_remembered(_path(folder, key), _FORMAT, key, _RULE_FIELDS)
    if rows is None:
        return None
    try:
        rules = tuple(_rule(row) for row in rows)
        if not all(isinstance(rule.id, str) and isinstance(rule.use, tuple) for rule in rules):
            return None
        return rules
    except (ValueError, TypeError, KeyError):
        return None


def write(key: str, rules: tuple[LicenseRule, ...]) -> None:
    folder = reference_cache_dir()
    if folder is not None:
        write_atomically(folder, _path(folder, key), marshal.dumps((_FORMAT, key, _RULE_FIELDS, tuple(map(_plain, rules)))))
